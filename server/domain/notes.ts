/**
 * Notes taken during a session: append-only entries anyone in the room adds to the session's page.
 * Pure helpers shared by the server's pages and the browser: turning a body into text and links,
 * and the text the overlap detector reads for a session.
 */
import type { Session } from './types';

export interface NoteEntry {
  id: number;
  eventId: string;
  /** The session whose page shows it: a note added to a session later merged away shows on the one it joined. */
  sessionId: string;
  author: string;
  body: string;
  createdAt: string;
}

/** A run of a note's body: plain text, or an http(s) link to render as `<a rel="nofollow ugc noopener">`. */
export type NotePiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** What the anchor of a visitor's link carries: never followed for ranking, never given the opener. */
export const NOTE_LINK_REL = 'nofollow ugc noopener';

// Only these two schemes ever become links: `javascript:`, `data:` and the rest stay text.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation after a URL ("see https://x.org.") belongs to the sentence.
const TRAILING = /[.,;:!?'"’”]+$/;

/** Drops trailing punctuation, and a closing bracket the URL did not open (as in "(see https://x.org)"). */
function trimUrl(raw: string): string {
  let url = raw.replace(TRAILING, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (url.endsWith(close) && url.split(open).length < url.split(close).length) url = url.slice(0, -1).replace(TRAILING, '');
  }
  return url;
}

/** Splits a body into text and http(s) links; anything that does not parse as a URL stays text. */
export function linkify(body: string): NotePiece[] {
  const pieces: NotePiece[] = [];
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const previous = pieces.at(-1);
    if (previous?.kind === 'text') previous.text += text;
    else pieces.push({ kind: 'text', text });
  };
  for (const match of body.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    let href: string | null = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') href = parsed.href;
    } catch {
      href = null;
    }
    push(body.slice(last, start));
    if (href) pieces.push({ kind: 'link', text: url, href });
    else push(url);
    last = start + url.length;
  }
  push(body.slice(last));
  return pieces;
}

/**
 * The session as the overlap detector and the report read it: its pitch notes followed by the
 * visible notes taken during it. Any change to those entries changes this text (and so the hash
 * its cached sentence vector is stored under).
 */
export function withNoteEntries<S extends Pick<Session, 'notes'>>(session: S, bodies: readonly string[]): S {
  if (bodies.length === 0) return session;
  return { ...session, notes: [session.notes, ...bodies].filter((text) => text.trim() !== '').join('\n\n') };
}
