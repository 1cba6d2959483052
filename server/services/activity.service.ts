import { notFound } from '../domain/errors';
import type { ActivityEntry } from '../persistence/activity.repository';
import type { ServiceContext } from './context';

/** One line of the organiser page's history: who (which link) did what, and when. */
export interface ActivityItem {
  id: number;
  actor: string;
  action: string;
  summary: string;
  createdAt: string;
  /** A deleted room or slot not yet put back: "Undo" brings it back with its sessions. */
  undoable: boolean;
  /** Undone since (the entry that did it is in the history too). */
  undone: boolean;
}

const UNDOABLE = new Set(['delete-room', 'delete-slot']);

const toItem = (entry: ActivityEntry): ActivityItem => ({
  id: entry.id,
  actor: entry.actor,
  action: entry.action,
  summary: entry.summary,
  createdAt: entry.createdAt,
  undoable: UNDOABLE.has(entry.action) && entry.undoneBy === null,
  undone: entry.undoneBy !== null,
});

/** Reading the event's activity log; services write it as they change things (actors.ts). */
export class ActivityService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Newest first. */
  latest(eventId: string, limit = 200): ActivityItem[] {
    if (!this.ctx.events.find(eventId)) throw notFound('That event');
    return this.ctx.activity.latest(eventId, limit).map(toItem);
  }

  find(eventId: string, id: number | null): ActivityItem | null {
    if (id === null) return null;
    const entry = this.ctx.activity.find(eventId, id);
    return entry ? toItem(entry) : null;
  }
}
