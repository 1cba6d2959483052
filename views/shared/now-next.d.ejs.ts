import type { TimesModel } from './board';

/** views/shared/now-next.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { times: TimesModel }) => string;
export default template;
