/** uPlot's browser build, imported `with { type: "text" }`: its source text. */
declare module "uplot/dist/uPlot.iife.min.js" {
  const text: string;
  export default text;
}
