/** SQL migration files are imported as text so `bun build --compile` embeds them. */
declare module "*.sql" {
  const text: string;
  export default text;
}
