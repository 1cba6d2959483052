import type { SchedulePanelModel } from './schedule';

/** views/shared/schedule-panel.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { schedule: SchedulePanelModel }) => string;
export default template;
