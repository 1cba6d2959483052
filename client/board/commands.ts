/**
 * What the viewer does to the board, sent as socket commands (retried after a reconnect by live.ts,
 * applied once by the server): moves, swaps, "I'd go", and the facilitator's decisions. Each answer
 * is said once on the status line, in the viewer's words.
 */
import { clashNews, type NextFreeRules } from '../../server/domain/clashes';
import type { Board } from '../../server/domain/types';
import type { Ack, FacilitationDone, SessionsChanged } from '../../server/protocol/events';
import { cellName, type Announcer } from '../announce';
import type { PanelAction } from '../facilitation';
import type { LiveBoard } from '../live';
import { applyInterest } from '../state';
import type { BoardHolder } from './holder';

export type Cell = { roomId: string; slotId: string };

export class BoardCommands {
  constructor(
    private readonly live: LiveBoard,
    private readonly state: BoardHolder,
    private readonly announcer: Announcer,
    private readonly say: (message: string) => void,
    private readonly redraw: () => void,
    private readonly nextFreeRules: (board: Board) => NextFreeRules,
  ) {}

  board(): Board | null {
    return this.live.current()?.board ?? null;
  }

  /** To a cell, or back to the unscheduled list (`null`). */
  move(sessionId: string, target: Cell | null): void {
    const session = this.board()?.sessions.find((s) => s.id === sessionId);
    if (!session) return;
    const commandId = crypto.randomUUID();
    const expectedVersion = session.version;
    const { socket } = this.live;
    this.announcer.sent();
    this.live.command<Ack<SessionsChanged>>((ack) => {
      if (target) socket.emit('session:move', { commandId, sessionId, ...target, expectedVersion }, ack);
      else socket.emit('session:unschedule', { commandId, sessionId, expectedVersion }, ack);
    }, this.settle(sessionId));
  }

  /** Room sizing: two sessions trade cells in one command. */
  swap(sessionId: string, withSessionId: string): void {
    const mine = this.board()?.sessions.find((s) => s.id === sessionId);
    const theirs = this.board()?.sessions.find((s) => s.id === withSessionId);
    if (!mine || !theirs) return;
    const payload = {
      commandId: crypto.randomUUID(),
      sessionId: mine.id,
      withSessionId: theirs.id,
      expectedVersion: mine.version,
      withExpectedVersion: theirs.version,
    };
    this.announcer.sent();
    this.live.command<Ack<SessionsChanged>>(
      (ack) => this.live.socket.emit('session:swap', payload, ack),
      (answer) => {
        if (!answer.ok) return this.settle(mine.id)(answer);
        this.live.apply(answer.data);
        this.announcer.answered(answer.data.version, `You swapped rooms: “${mine.title}” and “${theirs.title}”.`);
      },
    );
  }

  /** "I'd go" pressed: `done` runs once the board shows the new count. */
  interest(sessionId: string, done: () => void): void {
    const going = !this.state.viewer.interested.has(sessionId);
    this.live.whenJoined(() =>
      this.live.socket.emit('session:interest', { sessionId, interested: going }, (answer) => {
        if (!answer.ok) return this.say(answer.error.message);
        const title = this.board()?.sessions.find((s) => s.id === sessionId)?.title ?? '';
        this.say(going ? `You’d go to “${title}”.` : `You no longer say you’d go to “${title}”.`);
        this.state.interested(sessionId, going);
        this.live.update((board) => applyInterest(board, { [sessionId]: answer.data.interest }));
        this.redraw();
        done();
      }),
    );
  }

  /** A facilitator's decision; the board itself arrives as a broadcast to everyone. */
  act(action: PanelAction): void {
    const commandId = crypto.randomUUID();
    const { socket } = this.live;
    if (action.kind === 'clear-flags') {
      this.live.command<Ack<{ cleared: number }>>(
        (ack) => socket.emit('flags:clear', { commandId, sessionIds: action.sessionIds }, ack),
        (answer) =>
          this.say(
            answer.ok
              ? `Cleared ${answer.data.cleared === 1 ? '1 flag' : `${answer.data.cleared} flags`}. They are kept, no longer counted.`
              : answer.error.message,
          ),
      );
      return;
    }
    this.announcer.sent();
    this.live.command<Ack<FacilitationDone>>(
      (ack) => {
        if (action.kind === 'merge') {
          const { sessionIds, primaryId, title } = action;
          socket.emit('suggestion:merge', { commandId, sessionIds, primaryId, title }, ack);
        } else if (action.kind === 'undo') socket.emit('history:undo', { commandId, entryId: action.entryId }, ack);
        else if (action.kind === 'link') socket.emit('suggestion:link', { commandId, sessionIds: action.sessionIds }, ack);
        else socket.emit('suggestion:dismiss', { commandId, sessionIds: action.sessionIds }, ack);
      },
      (answer) => this.decided(answer),
    );
  }

  private decided(answer: Ack<FacilitationDone>): void {
    if (!answer.ok) return this.announcer.answered(null, answer.error.message);
    this.state.history = answer.data.history;
    const summary = answer.data.history[0]?.summary ?? 'Done';
    this.announcer.answered(answer.data.version, /[.!?]$/.test(summary) ? summary : `${summary}.`);
    this.redraw();
  }

  /** Outcome of a move: apply it and say where the session is now, or say why not and show the true board. */
  private settle(sessionId: string) {
    return (answer: Ack<SessionsChanged>): void => {
      if (!answer.ok) {
        this.announcer.answered(null, answer.error.message);
        this.redraw();
        if (answer.error.code === 'conflict' || answer.error.code === 'stale') this.live.resync();
        return;
      }
      this.live.apply(answer.data);
      const board = this.board();
      const moved = board?.sessions.find((s) => s.id === sessionId);
      const where = moved && board ? cellName(board, moved) : '';
      // Allowed, but said at once: the card shows the same warning and the way out.
      const [clash] = moved && board ? clashNews(board, this.live.current()?.clashes ?? [], [moved.id], this.nextFreeRules(board)) : [];
      this.announcer.answered(answer.data.version, moved ? `You moved “${moved.title}” to ${where}.${clash ? ` ${clash}` : ''}` : 'Moved.');
    };
  }
}
