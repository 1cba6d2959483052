/**
 * client/live.ts with a scripted socket: which commands go out when, and what happens to one whose
 * answer was lost with the connection.
 */
import { followBoard, type BoardSocket } from '../../../client/live';
import type { Board } from '../../../server/domain/types';

const board: Board = {
  event: {
    id: 'e',
    name: 'Camp',
    date: '2026-06-20',
    venue: '',
    timeZone: 'UTC',
    listed: false,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  rooms: [],
  slots: [],
  sessions: [],
  links: [],
};

type Ack = (answer: unknown) => void;

/** Records what the page emits; the test plays the server (answers) and the network (connect, disconnect). */
class ScriptedSocket {
  connected = true;
  readonly sent: { event: string; payload: unknown; ack: Ack }[] = [];
  private readonly handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  on(event: string, handler: (...args: unknown[]) => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  emit(event: string, payload: unknown, ack: Ack): this {
    this.sent.push({ event, payload, ack });
    return this;
  }
  fire(event: string): void {
    for (const handler of this.handlers.get(event) ?? []) handler();
  }
  /** Connects and answers the join that follows. */
  connect(): void {
    this.fire('connect');
    const join = this.sent.filter((s) => s.event === 'board:join').at(-1);
    join?.ack({ ok: true, data: { board, organiser: true, facilitator: true, viewers: 1, interested: [], suggestions: [] } });
  }
  commands(): { event: string; payload: unknown; ack: Ack }[] {
    return this.sent.filter((s) => s.event !== 'board:join');
  }
}

function follow() {
  const socket = new ScriptedSocket();
  const live = followBoard('e', { onChange: () => undefined, onStatus: () => undefined }, socket as unknown as BoardSocket);
  return { socket, live };
}

const move = { commandId: 'c1', sessionId: 's1', roomId: 'r', slotId: 't', expectedVersion: 1 };

describe('commands over a connection that drops', () => {
  test('a command waits for the join, then goes out once', () => {
    const { socket, live } = follow();
    const answers: unknown[] = [];
    live.command(
      (ack) => socket.emit('session:move', move, ack),
      (answer) => answers.push(answer),
    );
    expect(socket.commands()).toEqual([]);
    socket.connect();
    expect(socket.commands().map((c) => c.payload)).toEqual([move]);
    socket.commands()[0]?.ack({ ok: true, data: { version: 2, sessions: [] } });
    expect(answers).toEqual([{ ok: true, data: { version: 2, sessions: [] } }]);
  });

  test('one whose answer was lost is sent again, same command id, after the reconnect and join; its answer is taken once', () => {
    const { socket, live } = follow();
    socket.connect();
    const answers: unknown[] = [];
    live.command(
      (ack) => socket.emit('session:move', move, ack),
      (answer) => answers.push(answer),
    );
    const first = socket.commands()[0];
    socket.fire('disconnect');
    expect(socket.commands()).toHaveLength(1);

    socket.fire('connect');
    expect(socket.commands()).toHaveLength(1); // not before the join is answered
    socket.sent
      .filter((s) => s.event === 'board:join')
      .at(-1)
      ?.ack({ ok: true, data: { board, organiser: true, facilitator: true, viewers: 1, interested: [], suggestions: [] } });
    const again = socket.commands()[1];
    expect(again?.payload).toEqual(move);

    again?.ack({ ok: true, data: { version: 2, sessions: [] } });
    first?.ack({ ok: true, data: { version: 2, sessions: [] } });
    expect(answers).toHaveLength(1);
  });

  test('an answered command is not sent again after a later reconnect', () => {
    const { socket, live } = follow();
    socket.connect();
    live.command(
      (ack) => socket.emit('session:move', move, ack),
      () => undefined,
    );
    socket.commands()[0]?.ack({ ok: true, data: { version: 2, sessions: [] } });
    socket.fire('disconnect');
    socket.connect();
    expect(socket.commands()).toHaveLength(1);
  });

  test('commands lost together are sent again in the order they were made', () => {
    const { socket, live } = follow();
    socket.connect();
    for (const commandId of ['c1', 'c2', 'c3'])
      live.command(
        (ack) => socket.emit('session:move', { ...move, commandId }, ack),
        () => undefined,
      );
    socket.commands()[1]?.ack({ ok: true, data: { version: 2, sessions: [] } });
    socket.fire('disconnect');
    socket.connect();
    expect(
      socket
        .commands()
        .slice(3)
        .map((c) => (c.payload as { commandId: string }).commandId),
    ).toEqual(['c1', 'c3']);
  });
});

describe('a join the server cannot answer now', () => {
  test('busy: the join is sent again after the Retry-After the server gave, and waiting commands go out then', () => {
    jest.useFakeTimers();
    try {
      const { socket, live } = follow();
      live.command(
        (ack) => socket.emit('session:move', move, ack),
        () => undefined,
      );
      socket.fire('connect');
      const joins = () => socket.sent.filter((s) => s.event === 'board:join');
      joins()[0]?.ack({ ok: false, error: { code: 'busy', message: 'The server is busy', details: { retryAfter: 2 } } });
      jest.advanceTimersByTime(1999);
      expect(joins()).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(joins()).toHaveLength(2);
      expect(socket.commands()).toEqual([]);
      joins()[1]?.ack({ ok: true, data: { board, organiser: true, facilitator: true, viewers: 1, interested: [], suggestions: [] } });
      expect(socket.commands().map((c) => c.payload)).toEqual([move]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('another refusal (no such event) is shown and not retried', () => {
    jest.useFakeTimers();
    try {
      const statuses: string[] = [];
      const socket = new ScriptedSocket();
      followBoard('e', { onChange: () => undefined, onStatus: (s) => statuses.push(s) }, socket as unknown as BoardSocket);
      socket.fire('connect');
      socket.sent[0]?.ack({ ok: false, error: { code: 'not_found', message: 'No such event.' } });
      jest.advanceTimersByTime(60_000);
      expect(socket.sent).toHaveLength(1);
      expect(statuses.at(-1)).toBe('No such event.');
    } finally {
      jest.useRealTimers();
    }
  });
});
