import type { SuggestionEntry } from './panel';

/** views/shared/suggestion-entry.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { entry: SuggestionEntry; live: boolean }) => string;
export default template;
