/** Validation of the CLI's input file: `{ "sessions": [{ id, title, notes?, room?, slot? }] }`, other keys ignored. */
import type { AnalysisSession } from './types';

/** A problem with the input that the user can fix; the message says what and where. */
export class InputError extends Error {
  override name = 'InputError';
}

function optionalText(value: unknown, where: string, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new InputError(`${where}: "${field}" must be a string`);
  return value;
}

function parseSession(value: unknown, index: number): AnalysisSession {
  const where = `sessions[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${where}: expected an object with "id" and "title"`);
  }
  const raw = value as Record<string, unknown>;
  const id = optionalText(raw.id, where, 'id');
  if (id === undefined || id.trim() === '') throw new InputError(`${where}: missing "id"`);
  const title = optionalText(raw.title, where, 'title');
  if (title === undefined) throw new InputError(`${where}: missing "title"`);
  const session: AnalysisSession = { id, title };
  const notes = optionalText(raw.notes, where, 'notes');
  if (notes !== undefined) session.notes = notes;
  session.room = optionalText(raw.room, where, 'room') ?? null;
  session.slot = optionalText(raw.slot, where, 'slot') ?? null;
  return session;
}

/** Parses the JSON text of an input file; throws InputError with a readable message. */
export function parseSessionsInput(text: string): AnalysisSession[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { sessions?: unknown }).sessions)) {
    throw new InputError('expected a JSON object with a "sessions" array');
  }
  const sessions = (data as { sessions: unknown[] }).sessions.map(parseSession);
  const ids = new Set<string>();
  for (const s of sessions) {
    if (ids.has(s.id)) throw new InputError(`duplicate session id "${s.id}"`);
    ids.add(s.id);
  }
  return sessions;
}
