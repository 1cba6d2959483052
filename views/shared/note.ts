/**
 * What a note on a session's page shows (views/shared/note-entry.ejs): who wrote it and when, its
 * body as text and http(s) links, and, for organisers, a way to hide it.
 */
import { clockText, wallTimeOf } from '../../server/domain/now-next';
import { linkify, NOTE_LINK_REL, type NoteEntry, type NotePiece } from '../../server/domain/notes';

export interface NoteModel {
  id: number;
  eventId: string;
  author: string;
  createdAt: string;
  /** `HH:MM` on the venue's clock (the event's time zone), whoever draws it. */
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
  /** The event's IANA time zone. */
  timeZone: string;
}

export function noteModel(note: NoteEntry, view: NoteView): NoteModel {
  return {
    id: note.id,
    eventId: note.eventId,
    author: note.author,
    createdAt: note.createdAt,
    time: clockText(wallTimeOf(new Date(note.createdAt), view.timeZone).minutes),
    pieces: linkify(note.body),
    rel: NOTE_LINK_REL,
    hide: view.organiser ? { live: view.live, csrf: view.csrf ?? '' } : null,
  };
}
