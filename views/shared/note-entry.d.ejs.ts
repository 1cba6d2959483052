import type { NoteModel } from './note';

/** views/shared/note-entry.ejs compiled for the browser (scripts/ejs-module.mjs). */
declare const template: (locals: { note: NoteModel }) => string;
export default template;
