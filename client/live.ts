/**
 * Follows one event's board over Socket.IO for pages that only watch it (the wall display, the
 * personal agenda): join for the full snapshot, apply deltas through state.ts, re-join on a gap or
 * a reconnect. Socket.IO reconnects by itself after a server restart or a lost network, however
 * long it takes; every (re)connect starts from a fresh snapshot.
 */
import { io, type Socket } from 'socket.io-client';
import type { Board } from '../server/domain/types';
import type { ClientToServerEvents, ServerToClientEvents, SessionsChanged, Suggestion } from '../server/protocol/events';
import { applyInterest, applySessionsChanged, replaceBoard } from './state';

export interface Followed {
  board: Board;
  suggestions: readonly Suggestion[];
}

export interface FollowHandlers {
  /** The board or the suggestions changed: draw them. */
  onChange(state: Followed): void;
  /** A line for the page's live status. */
  onStatus(message: string): void;
}

export function followBoard(eventId: string, on: FollowHandlers): void {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket', 'polling'] });
  let board: Board | null = null;
  let suggestions: readonly Suggestion[] = [];
  const changed = () => {
    if (board) on.onChange({ board, suggestions });
  };

  /** The first snapshot after a (re)connect is the truth even if older (a restored backup). */
  const join = (afterConnect: boolean) =>
    socket.emit('board:join', { eventId }, (answer) => {
      if (!answer.ok) return on.onStatus(answer.error.message);
      board = afterConnect ? answer.data.board : replaceBoard(board, answer.data.board);
      suggestions = answer.data.suggestions;
      changed();
    });

  socket.on('connect', () => {
    on.onStatus('Live: changes appear as they happen.');
    join(true);
  });
  socket.on('disconnect', () => on.onStatus('Connection lost. Reconnecting…'));
  socket.on('session:changed', (change: SessionsChanged) => {
    if (!board) return;
    const applied = applySessionsChanged(board, change);
    board = applied.board;
    if (applied.resync) join(false);
    else changed();
  });
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
    changed();
  });
}
