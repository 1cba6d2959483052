/**
 * One event's board kept current over Socket.IO, for every page that shows it (the board, the
 * wall display, the personal agenda): join for the full snapshot, apply deltas through state.ts,
 * join again on a gap or a reconnect. Socket.IO reconnects by itself after a server restart or a
 * lost network, however long it takes; every (re)connect starts from a fresh snapshot.
 */
import { io, type Socket } from 'socket.io-client';
import type { Board } from '../server/domain/types';
import type {
  ClashPair,
  ClientToServerEvents,
  Joined,
  OverlapMark,
  ServerToClientEvents,
  SessionsChanged,
} from '../server/protocol/events';
import { applyInterest, applySessionsChanged, replaceBoard } from './state';

export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Followed {
  board: Board;
  /** Whole suggestions for facilitators, marks for everyone else (see docs/realtime.md). */
  suggestions: readonly OverlapMark[];
  /** Facilitators only (they move sessions): pairs whose cards warn when they share a slot. */
  clashes: readonly ClashPair[];
  /** The event's first analysis is under way (facilitators): no suggestions is not yet "no overlaps". */
  analysing: boolean;
}

export interface LiveHandlers {
  /** The board or the suggestions changed: draw them. */
  onChange(state: Followed): void;
  /** A line for the page's live status. */
  onStatus(message: string): void;
  /** Every answered join, before its board is drawn: who this browser is on the board. */
  onJoined?(joined: Joined): void;
}

export interface LiveBoard {
  /** For commands and the notifications only some pages use (history, presence). */
  socket: BoardSocket;
  current(): Followed | null;
  /** A change this page learnt from the answer to its own command: applied like a broadcast. */
  apply(change: SessionsChanged): void;
  /** Fetch a fresh snapshot (e.g. after a command was refused as stale). */
  resync(): void;
  /** Changes the board in place, e.g. with an interest count from a command's answer. */
  update(change: (board: Board) => Board): void;
  /** Runs `send` once the board is joined: after a reconnect the server refuses commands until then. */
  whenJoined: (send: () => void) => void;
  /**
   * Sends a command (one with a command id) once the board is joined, and sends it again after a
   * reconnect if the connection dropped before its answer came: the server applies a command id
   * once and answers a repeat with the same outcome, so a move made on flaky venue wifi is neither
   * lost nor made twice. `onAnswer` runs once, with the first answer.
   */
  command: <A>(send: (ack: (answer: A) => void) => void, onAnswer: (answer: A) => void) => void;
}

export function followBoard(
  eventId: string,
  on: LiveHandlers,
  socket: BoardSocket = io({ transports: ['websocket', 'polling'] }),
): LiveBoard {
  let board: Board | null = null;
  let suggestions: readonly OverlapMark[] = [];
  let clashes: readonly ClashPair[] = [];
  let analysing = false;
  let joined = false;
  const waiting: (() => void)[] = [];
  /** Commands sent on this connection and not answered yet, in the order they went out. */
  const unanswered = new Set<() => void>();
  const whenJoined = (send: () => void) => (joined ? send() : void waiting.push(send));
  const changed = () => {
    if (board) on.onChange({ board, suggestions, clashes, analysing });
  };

  /**
   * The first snapshot after a (re)connect is the truth even when older than ours: the server may
   * have been restored from a backup. Later ones are only taken if not overtaken by our changes.
   */
  const join = (afterConnect: boolean) =>
    socket.emit('board:join', { eventId }, (answer) => {
      if (!answer.ok) {
        on.onStatus(answer.error.message);
        // Busy or slowed down: the server says when to try again, and the board joins then.
        const retryAfter = (answer.error.details as { retryAfter?: unknown } | undefined)?.retryAfter;
        if ((answer.error.code === 'busy' || answer.error.code === 'rate_limited') && socket.connected) {
          setTimeout(() => socket.connected && join(afterConnect), (typeof retryAfter === 'number' ? retryAfter : 5) * 1000);
        }
        return;
      }
      board = afterConnect ? answer.data.board : replaceBoard(board, answer.data.board);
      suggestions = answer.data.suggestions;
      clashes = answer.data.clashes ?? [];
      analysing = answer.data.analysing;
      joined = true;
      on.onJoined?.(answer.data);
      changed();
      for (const send of waiting.splice(0)) send();
    });

  const apply = (change: SessionsChanged) => {
    if (!board) return;
    const applied = applySessionsChanged(board, change);
    board = applied.board;
    if (applied.resync) join(false);
    else changed();
  };

  socket.on('connect', () => {
    on.onStatus('Live: changes appear as they happen.');
    join(true);
  });
  socket.on('disconnect', () => {
    joined = false;
    // Their answers are lost with the connection: send them again, first, after the next join.
    waiting.unshift(...unanswered);
    unanswered.clear();
    on.onStatus('Connection lost. Reconnecting…');
  });
  socket.on('session:changed', apply);
  socket.on('board:state', (next) => {
    board = replaceBoard(board, next);
    changed();
  });
  socket.on('interest:counted', (counts) => {
    if (!board) return;
    board = applyInterest(board, counts);
    changed();
  });
  socket.on('suggestions:changed', (next) => {
    suggestions = next;
    analysing = false;
    changed();
  });
  socket.on('clashes:changed', (next) => {
    clashes = next;
    changed();
  });

  return {
    socket,
    current: () => (board ? { board, suggestions, clashes, analysing } : null),
    apply,
    resync: () => join(false),
    update(change) {
      if (board) board = change(board);
    },
    whenJoined,
    command(send, onAnswer) {
      let answered = false;
      const attempt = () => {
        unanswered.add(attempt);
        send((answer) => {
          unanswered.delete(attempt);
          if (answered) return;
          answered = true;
          onAnswer(answer);
        });
      };
      whenJoined(attempt);
    },
  };
}
