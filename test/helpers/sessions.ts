import type { Session } from '../../server/domain/types';

/**
 * A session of event "e" for unit tests: unscheduled, by Ann, version 1, no interest, unless
 * `fields` says otherwise.
 */
export const sessionOf = (id: string, fields: Partial<Session> = {}): Session => ({
  id,
  eventId: 'e',
  title: `Session ${id}`,
  notes: '',
  pitcher: 'Ann',
  cohosts: [],
  roomId: null,
  slotId: null,
  version: 1,
  interest: 0,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
  ...fields,
});
