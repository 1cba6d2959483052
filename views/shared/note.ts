/**
 * What a note on a session's page shows (views/shared/note-entry.ejs): who wrote it and when, its
 * body as text and http(s) links, and, for organisers, a way to hide it.
 */
import { linkify, NOTE_LINK_REL, type NoteEntry, type NotePiece } from '../../server/domain/notes';

export interface NoteModel {
  id: number;
  eventId: string;
  author: string;
  createdAt: string;
  /** `HH:MM` in the zone of whoever draws it: the venue's, for the server (run with TZ) and anyone there. */
  time: string;
  pieces: NotePiece[];
  rel: string;
  /** Organisers only: a button on the live page, a form that posts otherwise. */
  hide: { live: boolean; csrf: string } | null;
}

export interface NoteView {
  organiser: boolean;
  /** Drawn by the page's script (buttons that send socket commands) or by the server (forms). */
  live: boolean;
  /** The CSRF token the forms carry (server drawings only). */
  csrf?: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function noteModel(note: NoteEntry, view: NoteView): NoteModel {
  const at = new Date(note.createdAt);
  return {
    id: note.id,
    eventId: note.eventId,
    author: note.author,
    createdAt: note.createdAt,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
    pieces: linkify(note.body),
    rel: NOTE_LINK_REL,
    hide: view.organiser ? { live: view.live, csrf: view.csrf ?? '' } : null,
  };
}
