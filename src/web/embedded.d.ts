/** Stylesheets are imported as text so `bun build --compile` embeds them. */
declare module "*.css" {
  const text: string;
  export default text;
}
