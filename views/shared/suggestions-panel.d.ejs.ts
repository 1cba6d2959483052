import type { PanelModel } from './panel';

/** views/shared/suggestions-panel.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { panel: PanelModel }) => string;
export default template;
