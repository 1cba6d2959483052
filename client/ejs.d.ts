/** A template of views/shared/, compiled at build time by scripts/ejs-module.mjs: locals in, HTML out. */
declare module '*.ejs' {
  const template: (locals: Record<string, unknown>) => string;
  export default template;
}
