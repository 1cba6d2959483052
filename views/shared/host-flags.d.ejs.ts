import type { HostFlagsModel } from './host-flags';

/** views/shared/host-flags.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { flags: HostFlagsModel }) => string;
export default template;
