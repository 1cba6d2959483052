import type { GridModel } from './board';

/** views/shared/board-grid.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { grid: GridModel }) => string;
export default template;
