import type { MergeChoice } from './panel';

/** views/shared/merge-choices.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { choices: readonly MergeChoice[] }) => string;
export default template;
