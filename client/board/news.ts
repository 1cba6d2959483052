/**
 * What the status line says when the board changes under the viewer: what others changed since it
 * was last drawn, that it is live again after a dropped connection, and (to facilitators) new
 * overlap suggestions. The viewer's own actions are confirmed by commands.ts, once.
 */
import { analysisDone, describeChanges, describeNewSuggestions, type Announcer } from '../announce';
import { clashNews, type NextFreeRules } from '../../server/domain/clashes';
import type { Board } from '../../server/domain/types';
import type { Followed } from '../live';

export class News {
  /** What the page last drew, to tell the user what others changed since. */
  private told: Followed | null = null;
  /** The connection dropped; then the first snapshot after it came: say the board is live again. */
  private wasDown = false;
  private backOnline = false;

  constructor(
    private readonly announcer: Announcer,
    private readonly facilitator: () => boolean,
    private readonly nextFreeRules: (board: Board) => NextFreeRules,
  ) {}

  /**
   * Answers to commands in flight are lost with the connection: stop holding news for them (the
   * snapshot after reconnecting says the board is live again, with what changed meanwhile).
   */
  disconnected(): void {
    this.announcer.reset();
    this.wasDown = true;
  }

  joined(): void {
    this.backOnline = this.wasDown;
    this.wasDown = false;
  }

  /** To those who move sessions: a session others moved into a clash (its card says so too). */
  private clashes(told: Followed, next: Followed): string[] {
    if (!this.facilitator()) return [];
    const was = new Map(told.board.sessions.map((s) => [s.id, s]));
    const moved = next.board.sessions.filter(
      (s) => s.slotId !== null && (was.get(s.id)?.slotId !== s.slotId || was.get(s.id)?.roomId !== s.roomId),
    );
    return moved.length
      ? clashNews(
          next.board,
          next.clashes,
          moved.map((s) => s.id),
          this.nextFreeRules(next.board),
        )
      : [];
  }

  /** The board or the suggestions changed: say what others did. */
  heard(next: Followed): void {
    const { told } = this;
    const news = told && told.board !== next.board ? [...describeChanges(told.board, next.board), ...this.clashes(told, next)] : [];
    this.announcer.changed(next.board.event.version, this.backOnline ? ['Live again: changes appear as they happen.', ...news] : news);
    this.backOnline = false;
    if (told && this.facilitator() && told.analysing && !next.analysing) {
      // The first result is not news about each suggestion: one line says the panel is ready.
      this.announcer.changed(null, [analysisDone(next.suggestions.length)]);
    } else if (told && this.facilitator() && told.suggestions !== next.suggestions) {
      this.announcer.changed(null, describeNewSuggestions(told.suggestions, next.suggestions, next.board));
    }
    this.told = next;
  }
}
