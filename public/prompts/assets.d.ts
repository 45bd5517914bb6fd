/** Files imported `with { type: "file" }` resolve to their path (Bun). */
declare module "*.wav" {
  const path: string;
  export default path;
}
