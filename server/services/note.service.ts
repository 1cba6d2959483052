import { DomainError, notFound } from '../domain/errors';
import type { NoteEntry } from '../domain/notes';
import type { StoredNote } from '../persistence/note.repository';
import { LIMITS, type NoteInput } from '../protocol/schemas';
import { writeToEvent, type Changed, type ServiceContext } from './context';
import { recordActivity } from './actors';

/** What hiding a note did: which note, and the session page it left. */
export interface HiddenNote {
  noteId: number;
  sessionId: string;
}

/** Notes taken during a session: anyone adds one, the organiser hides or restores one. Entries are never edited. */
export class NoteService {
  constructor(private readonly ctx: ServiceContext) {}

  /** The visible notes on a session's page, oldest first. */
  list(eventId: string, sessionId: string): NoteEntry[] {
    this.session(eventId, sessionId);
    return this.ctx.notes.forSession(sessionId);
  }

  add(eventId: string, sessionId: string, input: NoteInput, commandId?: string): Changed<NoteEntry> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        this.session(eventId, sessionId);
        if (this.ctx.notes.stored(sessionId).length >= LIMITS.notesPerSession) {
          throw new DomainError('conflict', `This session already has ${LIMITS.notesPerSession} notes, the most it can hold.`);
        }
        const now = this.ctx.clock.now().toISOString();
        return this.ctx.notes.insert({ eventId, sessionId, author: input.author, body: input.body, createdAt: now });
      },
      (note) => ({ kind: 'note-added', sessionId: note.sessionId, note }),
      commandId,
    );
  }

  /**
   * Takes a note off its session's page for everyone. The row stays and the step is recorded in
   * the moderation history, like a hidden pitch. Hiding a hidden note again changes nothing.
   */
  hide(eventId: string, noteId: number, commandId?: string): Changed<HiddenNote> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const note = this.ctx.notes.find(eventId, noteId);
        if (!note) throw notFound('That note');
        const sessionId = this.pageOf(eventId, note.sessionId);
        const now = this.ctx.clock.now().toISOString();
        if (this.ctx.notes.hide(noteId, now)) {
          const title = this.ctx.sessions.findAny(eventId, sessionId)?.title ?? '';
          this.ctx.sessions.recordModeration({ eventId, sessionId: note.sessionId, action: 'hide-note', title, now, noteId });
          recordActivity(this.ctx, eventId, 'moderation', `Hid a note by ${note.author} on “${title}”.`);
        }
        return { noteId, sessionId };
      },
      (hidden) => ({ kind: 'note-hidden', sessionId: hidden.sessionId, noteId: hidden.noteId }),
      commandId,
    );
  }

  /** Brings a hidden note back to its session's page, where it takes its old place again. */
  restore(eventId: string, noteId: number, commandId?: string): Changed<NoteEntry> {
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        const note = this.ctx.notes.find(eventId, noteId);
        if (!note?.hiddenAt) throw notFound('That hidden note');
        const sessionId = this.pageOf(eventId, note.sessionId);
        this.ctx.notes.unhide(noteId);
        const title = this.ctx.sessions.findAny(eventId, sessionId)?.title ?? '';
        const now = this.ctx.clock.now().toISOString();
        this.ctx.sessions.recordModeration({ eventId, sessionId: note.sessionId, action: 'restore-note', title, now, noteId });
        recordActivity(this.ctx, eventId, 'moderation', `Restored a note by ${note.author} on “${title}”.`);
        const { hiddenAt: _hidden, ...restored } = note;
        return { ...restored, sessionId };
      },
      (note) => ({ kind: 'note-added', sessionId: note.sessionId, note }),
      commandId,
    );
  }

  /** Hidden notes of sessions on the board, for the organiser, oldest hidden first. */
  hidden(eventId: string): StoredNote[] {
    return this.ctx.notes.hiddenByEvent(eventId);
  }

  /** The session whose page shows a note: its own, or the one it was merged into (following merges of merges). */
  private pageOf(eventId: string, sessionId: string): string {
    let current = sessionId;
    for (let hops = 0; hops < 50; hops++) {
      const next = this.ctx.sessions.mergedInto(current);
      if (!next) break;
      current = next;
    }
    return this.ctx.sessions.findAny(eventId, current) ? current : sessionId;
  }

  private session(eventId: string, sessionId: string): void {
    if (!this.ctx.sessions.find(eventId, sessionId)) throw notFound('That session');
  }
}
