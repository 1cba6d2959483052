/**
 * What every template of views/shared/ compiled for the browser shares (scripts/ejs-module.mjs
 * writes modules that import this): EJS's escaping and its `include`, so that the browser writes
 * exactly what the server's EJS writes.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** ejs.escapeXML: nothing for null and undefined, the five entities for everything else. */
export const escapeXml = (markup: string | number | boolean | null | undefined): string =>
  markup === undefined || markup === null ? '' : String(markup).replace(/[&<>'"]/g, (c) => ENTITIES[c] ?? c);

export type Template = (locals: object) => string;
type Include = (name: string, data?: object) => string;
type Compiled = (locals: object, escape: typeof escapeXml, include: Include) => string;

/** A compiled template whose includes get its locals with their own data on top, as on the server. */
export function withIncludes(render: Compiled, includes: Record<string, Template>, file: string): Template {
  return (locals) =>
    render(locals, escapeXml, (name, data) => {
      const included = includes[name];
      if (!included) throw new Error(`${file} includes an unknown template: ${name}`);
      return included({ ...locals, ...data });
    });
}
