import type { Db } from './database';

/** Outcomes of applied commands, keyed by the client's command id within an event. */
export class CommandRepository {
  private readonly byId;
  private readonly insertRow;
  private readonly deleteOld;

  constructor(db: Db) {
    this.byId = db.prepare<[string, string], { result: string }>('SELECT result FROM commands WHERE event_id = ? AND command_id = ?');
    this.insertRow = db.prepare('INSERT INTO commands (event_id, command_id, result, created_at) VALUES (?, ?, ?, ?)');
    this.deleteOld = db.prepare<[string]>('DELETE FROM commands WHERE created_at < ?');
  }

  /** The stored outcome (JSON) of a command already applied, or null. */
  find(eventId: string, commandId: string): string | null {
    return this.byId.get(eventId, commandId)?.result ?? null;
  }

  record(eventId: string, commandId: string, result: string, now: string): void {
    this.insertRow.run(eventId, commandId, result, now);
  }

  /** Forgets the commands recorded before `cutoff` (an ISO time); returns how many. */
  forgetBefore(cutoff: string): number {
    return this.deleteOld.run(cutoff).changes;
  }
}
