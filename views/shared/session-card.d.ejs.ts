import type { CardModel } from './card';

/** views/shared/session-card.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { card: CardModel }) => string;
export default template;
