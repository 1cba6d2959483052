/**
 * What the live board knows besides the board itself (which live.ts keeps): who is looking, the
 * facilitator's history of decisions.
 */
import type { HistoryItem, Joined } from '../../server/protocol/events';
import type { Viewer } from '../../views/shared/card';

export class BoardHolder {
  viewer: Viewer = { organiser: false, facilitator: false, interested: new Set() };
  history: HistoryItem[] = [];

  joined(data: Joined): void {
    this.viewer = { organiser: data.organiser, facilitator: data.facilitator, interested: new Set(data.interested) };
    this.history = data.history;
  }

  /** This browser said it would go to `sessionId`, or no longer. */
  interested(sessionId: string, going: boolean): void {
    const interested = new Set(this.viewer.interested);
    if (going) interested.add(sessionId);
    else interested.delete(sessionId);
    this.viewer = { ...this.viewer, interested };
  }

  /** Organisers and facilitators move sessions. */
  canMove(): boolean {
    return this.viewer.organiser || this.viewer.facilitator;
  }
}
