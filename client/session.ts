/**
 * The session page: notes taken during the session, live for everyone viewing it. The server
 * renders the notes and a plain form first; once the socket has joined the session's notes, adding
 * and (for organisers) hiding go over it, and everyone's list follows. Notes are drawn by the
 * server's own template (views/shared/note-entry.ejs); links are made only for http(s) addresses.
 */
import { io, type Socket } from 'socket.io-client';
import type { NoteEntry } from '../server/domain/notes';
import type { Ack, ClientToServerEvents, NotesJoined, ServerToClientEvents } from '../server/protocol/events';
import { noteModel } from '../views/shared/note';
import { paint } from './render';
import noteHtml from '../views/shared/note-entry.ejs';
import { startSameAs } from './same-as';

type NotesSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The name typed last time, so people taking several notes type it once. */
const AUTHOR_KEY = 'unsilo:note-author';

const root = document.querySelector<HTMLElement>('[data-session-notes]');
if (root) start(root);
const sameForm = document.querySelector<HTMLFormElement>('[data-same-form]');
if (sameForm) startSameAs(sameForm);

function start(root: HTMLElement): void {
  const eventId = root.dataset.eventId ?? '';
  let sessionId = root.dataset.sessionId ?? '';
  const timeZone = root.dataset.timeZone ?? 'UTC';
  const list = root.querySelector<HTMLOListElement>('[data-note-list]');
  const empty = root.querySelector<HTMLElement>('[data-notes-empty]');
  const form = root.querySelector<HTMLFormElement>('[data-note-form]');
  const status = root.querySelector<HTMLElement>('[data-note-status]');
  if (!list || !form) return;
  const author = form.elements.namedItem('author') as HTMLInputElement | null;
  const body = form.elements.namedItem('body') as HTMLTextAreaElement | null;
  const socket: NotesSocket = io({ transports: ['websocket', 'polling'] });
  let organiser = false;
  let joined = false;

  const say = (message: string) => {
    if (status) status.textContent = message;
  };

  if (author && !author.value) author.value = localStorage.getItem(AUTHOR_KEY) ?? '';

  const entry = (note: NoteEntry): string => noteHtml({ note: noteModel(note, { organiser, live: true, timeZone }) });

  const showEmpty = () => {
    if (empty) empty.hidden = list.children.length > 0;
  };

  /** In id order: a restored note goes back to its old place. */
  const add = (note: NoteEntry) => {
    if (note.sessionId !== sessionId || list.querySelector(`[data-note-id="${note.id}"]`)) return;
    const later = [...list.querySelectorAll<HTMLElement>('li[data-note-id]')].find((li) => Number(li.dataset.noteId) > note.id);
    if (later) later.insertAdjacentHTML('beforebegin', entry(note));
    else list.insertAdjacentHTML('beforeend', entry(note));
    showEmpty();
  };

  const remove = (noteId: number) => {
    list.querySelector(`li[data-note-id="${noteId}"]`)?.remove();
    showEmpty();
  };

  /** Every (re)connect starts from the server's list: notes added or hidden while away are not missed. */
  socket.on('connect', () =>
    socket.emit('notes:join', { eventId, sessionId }, (answer: Ack<NotesJoined>) => {
      if (!answer.ok) return say(answer.error.message);
      ({ sessionId, organiser } = answer.data);
      paint(list, answer.data.notes.map(entry).join(''));
      showEmpty();
      joined = true;
      root.dataset.live = 'true';
    }),
  );
  socket.on('disconnect', () => {
    joined = false;
    root.dataset.live = 'false';
  });
  socket.on('note:added', ({ note }) => add(note));
  socket.on('note:hidden', ({ noteId }) => remove(noteId));

  // Without a joined socket the form is sent as a plain POST, which works the same way.
  form.addEventListener('submit', (event) => {
    if (!joined || !author || !body) return;
    event.preventDefault();
    const note = { author: author.value.trim(), body: body.value.trim() };
    if (!note.author) return refuse(author, 'Your name is required.');
    if (!note.body) return refuse(body, 'Note is required.');
    localStorage.setItem(AUTHOR_KEY, note.author);
    socket.emit('note:add', { commandId: crypto.randomUUID(), sessionId, ...note }, (answer) => {
      if (!answer.ok) return say(answer.error.message);
      add(answer.data.note);
      body.value = '';
      say('Your note was added.');
      body.focus();
    });
  });

  const refuse = (field: HTMLInputElement | HTMLTextAreaElement, message: string) => {
    say(message);
    field.focus();
  };

  list.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('.hide-note');
    const noteId = Number(button?.dataset.noteId);
    if (!button || !joined || !noteId) return;
    socket.emit('note:hide', { commandId: crypto.randomUUID(), noteId }, (answer) => {
      if (!answer.ok) return say(answer.error.message);
      remove(answer.data.noteId);
      say('The note was hidden.');
    });
  });
}
