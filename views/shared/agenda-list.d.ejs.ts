import type { AgendaModel } from './agenda';

/** views/shared/agenda-list.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { agenda: AgendaModel }) => string;
export default template;
