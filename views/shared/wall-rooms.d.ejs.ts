import type { WallModel } from './board';

/** views/shared/wall-rooms.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { wall: WallModel }) => string;
export default template;
