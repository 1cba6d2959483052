import type { NoticesModel } from './agenda';

/** views/shared/agenda-notices.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { notices: NoticesModel }) => string;
export default template;
