import type { CardModel } from './card';

/** views/shared/unscheduled.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { cards: readonly CardModel[] }) => string;
export default template;
