import { stringify } from 'csv-stringify/sync';
import type { Board, Session } from '../domain/types';
import { buildCalendar, type CalendarEntry } from './calendar.ics';
import type { ServiceContext } from './context';
import type { EventService } from './event.service';
import { gridCsvRows } from './grid-csv';
import type { SessionService } from './session.service';

/** A file to download: its text and a file-system-safe name. */
export interface ExportFile {
  fileName: string;
  body: string;
}

/** "LocalGovCamp 2026!" → "localgovcamp-2026": safe in any file system. */
const slug = (name: string): string =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'event';

/** The UTF-8 byte order mark: Excel reads a CSV as UTF-8 only when it starts with one. */
const BOM = '\uFEFF';

function entriesOf(board: Board, sessions: readonly Session[]): CalendarEntry[] {
  return sessions.flatMap((session) => {
    const room = board.rooms.find((r) => r.id === session.roomId);
    const slot = board.slots.find((s) => s.id === session.slotId);
    return room && slot ? [{ session, room, slot }] : [];
  });
}

/** Read-only exports for people and their tools: calendars and the grid as CSV (docs/export-format.md). */
export class ExportService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly events: EventService,
    private readonly sessions: SessionService,
  ) {}

  /** Every scheduled session of the event. `sessionUrl` makes a session's page address. */
  eventCalendar(eventId: string, sessionUrl: (sessionId: string) => string): ExportFile {
    const board = this.events.board(eventId);
    const body = buildCalendar({
      event: board.event,
      name: board.event.name,
      entries: entriesOf(board, board.sessions),
      sessionUrl,
      now: this.ctx.clock.now(),
    });
    return { fileName: `${slug(board.event.name)}.ics`, body };
  }

  /**
   * An attendee's starred sessions. A session merged away since it was starred stands for the
   * session it became part of (once, however many of its parts were starred); withdrawn, hidden,
   * unknown and unscheduled sessions are left out: they have no time to put in a calendar.
   */
  agendaCalendar(eventId: string, sessionIds: readonly string[], sessionUrl: (sessionId: string) => string): ExportFile {
    const board = this.events.board(eventId);
    const onBoard = new Map(board.sessions.map((s) => [s.id, s]));
    const chosen = new Set(sessionIds.map((id) => (onBoard.has(id) ? id : this.sessions.mergedInto(eventId, id))));
    const sessions = board.sessions.filter((s) => chosen.has(s.id));
    const body = buildCalendar({
      event: board.event,
      name: `${board.event.name}: my agenda`,
      entries: entriesOf(board, sessions),
      sessionUrl,
      now: this.ctx.clock.now(),
    });
    return { fileName: `${slug(board.event.name)}-agenda.ics`, body };
  }

  /** The grid as CSV (columns and rules in docs/export-format.md), UTF-8 with a BOM, CRLF line ends. */
  gridCsv(eventId: string): ExportFile {
    const board = this.events.board(eventId);
    // Quoted: any cell with a line break (csv-stringify only quotes the CRLF it writes between rows, and
    // a bare LF would end the row for every reader), and cells with spaces at either end, which spreadsheets trim.
    const body = BOM + stringify(gridCsvRows(board), { record_delimiter: 'windows', quoted_match: [/[\r\n]/, /^\s|\s$/] });
    return { fileName: `${slug(board.event.name)}-grid.csv`, body };
  }
}
