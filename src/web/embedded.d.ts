/** Stylesheets are imported as text so `bun build --compile` embeds them. */
declare module "*.css" {
  const text: string;
  export default text;
}

/** The vendored htmx, imported `with { type: "text" }`: its source text. */
declare module "htmx.org/dist/htmx.min.js" {
  const text: string;
  export default text;
}
