import type { SimilarListModel } from './similar';

/** views/shared/similar-list.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { list: SimilarListModel }) => string;
export default template;
