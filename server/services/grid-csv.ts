/**
 * The grid CSV format (docs/export-format.md): columns, spreadsheet-formula escaping, the rows an
 * export writes and how an imported row is read. Pure: no I/O, no database.
 */
import { buildGrid, slotTimesValid } from '../domain/board';
import { cleanText } from '../domain/text';
import type { Board, Room, Session, Slot } from '../domain/types';
import { LIMITS } from '../protocol/schemas';

/** The export's header, in order. Import reads these and the aliases in HEADER_ALIASES. */
export const CSV_COLUMNS = [
  'Status',
  'Slot',
  'Date',
  'Start',
  'End',
  'Room',
  'Capacity',
  'Title',
  'Notes',
  'Pitcher',
  'Co-hosts',
  'Interest',
] as const;

export type Field =
  'status' | 'slot' | 'date' | 'start' | 'end' | 'room' | 'capacity' | 'title' | 'notes' | 'pitcher' | 'cohosts' | 'interest';

/** Header names are compared lower-case with everything but letters and digits removed ("Room name" → "roomname"). */
const HEADER_ALIASES: Record<string, Field> = {
  status: 'status',
  slot: 'slot',
  slotlabel: 'slot',
  label: 'slot',
  date: 'date',
  start: 'start',
  starts: 'start',
  startsat: 'start',
  starttime: 'start',
  from: 'start',
  end: 'end',
  ends: 'end',
  endsat: 'end',
  endtime: 'end',
  to: 'end',
  room: 'room',
  roomname: 'room',
  capacity: 'capacity',
  roomcapacity: 'capacity',
  seats: 'capacity',
  title: 'title',
  session: 'title',
  sessiontitle: 'title',
  notes: 'notes',
  description: 'notes',
  pitcher: 'pitcher',
  pitchedby: 'pitcher',
  host: 'pitcher',
  speaker: 'pitcher',
  cohosts: 'cohosts',
  interest: 'interest',
  interestcount: 'interest',
};

/** The columns an import cannot do without (the documented minimal set). */
const REQUIRED: readonly Field[] = ['room', 'start', 'end', 'title'];

/** Columns the export writes for people to read, which an import does not use (see readRow). */
const INFORMATION_ONLY: ReadonlySet<Field> = new Set(['status', 'date', 'interest']);

/** Pitcher given to imported sessions whose row names none. */
export const DEFAULT_PITCHER = 'Organisers';

/** Co-hosts share one cell, separated by semicolons. */
const COHOST_SEPARATOR = '; ';

/** A problem with one row of a file, numbered as a spreadsheet shows it (the header is row 1). */
export interface RowProblem {
  row: number;
  message: string;
}

// Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with one of these is run
// as a formula by Excel, LibreOffice and Google Sheets. A leading apostrophe makes it plain text.
// A cell that already starts with apostrophes before one of them gets one more, so that reading
// the file back (unescapeCell) always gives the original text.
const FORMULA_START = /^'*[=+\-@\t\r]/;

export const escapeCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

export const unescapeCell = (value: string): string => (/^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

function sessionRow(session: Session, date: string, slot: Slot | null, room: Room | null): string[] {
  return [
    slot && room ? 'scheduled' : 'unscheduled',
    slot?.label ?? '',
    slot ? date : '',
    slot?.startsAt ?? '',
    slot?.endsAt ?? '',
    room?.name ?? '',
    room?.capacity?.toString() ?? '',
    session.title,
    session.notes,
    session.pitcher,
    session.cohosts.join(COHOST_SEPARATOR),
    String(session.interest),
  ];
}

function emptyRow(date: string, slot: Slot | null, room: Room | null): string[] {
  return [
    'empty',
    slot?.label ?? '',
    slot ? date : '',
    slot?.startsAt ?? '',
    slot?.endsAt ?? '',
    room?.name ?? '',
    room?.capacity?.toString() ?? '',
    '',
    '',
    '',
    '',
    '',
  ];
}

/**
 * The export's rows, header first: every cell of the grid in board order (slots down, rooms
 * across), a session's row where it holds one and an "empty" row where not, then the unscheduled
 * sessions oldest first. Listing empty cells keeps every room and slot, in order, so importing
 * the file rebuilds the same grid. With no slots (or no rooms) yet, each room (or slot) gets a row.
 */
export function gridCsvRows(board: Board): string[][] {
  const grid = buildGrid(board);
  const { date } = board.event;
  const rows: string[][] = [];
  for (const row of grid.rows) {
    for (const cell of row.cells)
      rows.push(cell.session ? sessionRow(cell.session, date, row.slot, cell.room) : emptyRow(date, row.slot, cell.room));
  }
  if (grid.rows.length === 0) for (const room of grid.rooms) rows.push(emptyRow(date, null, room));
  if (grid.rooms.length === 0) for (const { slot } of grid.rows) rows.push(emptyRow(date, slot, null));
  for (const session of grid.unscheduled) rows.push(sessionRow(session, date, null, null));
  return [[...CSV_COLUMNS], ...rows.map((cells) => cells.map(escapeCell))];
}

/** Which field each column holds, or a problem with the header row. */
export function readHeader(header: readonly string[]): { columns: (Field | null)[] } | { problem: RowProblem } {
  const columns = header.map(
    (name) =>
      HEADER_ALIASES[
        name
          .normalize('NFKC')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
      ] ?? null,
  );
  const seen = new Set<Field>();
  for (const [i, field] of columns.entries()) {
    if (!field) continue;
    if (seen.has(field))
      return { problem: { row: 1, message: `Row 1: the column “${header[i]?.trim()}” repeats another column (${field}).` } };
    seen.add(field);
  }
  const missing = REQUIRED.filter((field) => !seen.has(field));
  if (missing.length) {
    return {
      problem: {
        row: 1,
        message: `Row 1: the header must name the columns Room, Start, End and Title; missing: ${missing.map(label).join(', ')}.`,
      },
    };
  }
  return { columns };
}

const label = (field: Field): string => CSV_COLUMNS.find((c) => c.toLowerCase().replace(/[^a-z]/g, '') === field) ?? field;

/** What one row of an import asks for: a room, a slot, a session, or several of these. */
export interface ImportRow {
  row: number;
  room: { name: string; capacity: number | null } | null;
  slot: { label: string; startsAt: string; endsAt: string } | null;
  session: { title: string; notes: string; pitcher: string; cohosts: string[] } | null;
}

/** Spreadsheets turn 09:30 into 9:30 or 09:30:00; both are read as 09:30. */
export function readTime(value: string): string | null {
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(value);
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  if (h > 23 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const CellLimits: Partial<Record<Field, { max: number; name: string }>> = {
  slot: { max: LIMITS.slotLabel, name: 'Slot label' },
  room: { max: LIMITS.roomName, name: 'Room name' },
  title: { max: LIMITS.title, name: 'Title' },
  notes: { max: LIMITS.sessionNotes, name: 'Notes' },
  pitcher: { max: LIMITS.pitcher, name: 'Pitcher' },
  cohosts: { max: LIMITS.pitcher * 10, name: 'Co-hosts' },
};

type Cells = Partial<Record<Field, string>>;

/** A row's slot, null when it names none, or what is wrong with it. */
function readSlot({ start = '', end = '', slot: label = '' }: Cells): ImportRow['slot'] | string {
  if (!start && !end) return label ? `the slot “${label}” needs a start and an end time.` : null;
  if (!start || !end) return `a time slot needs both a start and an end time (got “${start || end}” only).`;
  const startsAt = readTime(start);
  const endsAt = readTime(end);
  if (!startsAt) return `start time “${start}” is not a 24-hour time such as 09:30.`;
  if (!endsAt) return `end time “${end}” is not a 24-hour time such as 09:30.`;
  if (!slotTimesValid(startsAt, endsAt)) return `end time ${endsAt} is not after the start time ${startsAt}.`;
  return { label, startsAt, endsAt };
}

/** A row's room, null when it names none, or what is wrong with it. */
function readRoom({ room: name = '', capacity: seats = '' }: Cells): ImportRow['room'] | string {
  if (!name) return seats ? `a capacity (${seats}) is given but no room.` : null;
  const capacity = seats === '' ? null : Number(seats);
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1 || capacity > LIMITS.capacity)) {
    return `capacity “${seats}” must be a whole number from 1 to ${LIMITS.capacity}.`;
  }
  return { name, capacity };
}

/**
 * Reads one data row (spreadsheet row `row`). Returns null for a blank row. The Status, Date and
 * Interest columns are the export's information only: what a row is follows from which cells are
 * filled, the date is the event's own, and interest is counted per browser, so it cannot be imported.
 */
export function readRow(columns: readonly (Field | null)[], cells: readonly string[], row: number): ImportRow | RowProblem | null {
  const value: Cells = {};
  columns.forEach((field, i) => {
    if (field) value[field] = cleanText(unescapeCell((cells[i] ?? '').trim()));
  });
  // Blank rows, and rows with only the export's information columns or unknown columns filled, name nothing to import.
  if (Object.entries(value).every(([field, text]) => text === '' || INFORMATION_ONLY.has(field as Field))) return null;
  const problem = (message: string): RowProblem => ({ row, message: `Row ${row}: ${message}` });

  for (const [field, limit] of Object.entries(CellLimits) as [Field, { max: number; name: string }][]) {
    if ((value[field] ?? '').length > limit.max) return problem(`${limit.name} must be at most ${limit.max} characters.`);
  }

  const slot = readSlot(value);
  if (typeof slot === 'string') return problem(slot);
  const room = readRoom(value);
  if (typeof room === 'string') return problem(room);
  const { title = '', notes = '', pitcher = '', cohosts = '' } = value;

  if (!title) {
    if (notes || pitcher || cohosts) return problem('notes, pitcher or co-hosts are given but no title.');
    return { row, room, slot, session: null };
  }
  if (!room !== !slot) {
    return problem(
      `“${title}” has ${room ? 'a room but no start and end time' : 'a time but no room'}: give both to schedule it, or neither to leave it unscheduled.`,
    );
  }
  const names = cohosts.split(';').map(cleanText).filter(Boolean);
  if (names.some((name) => name.length > LIMITS.pitcher))
    return problem(`each co-host's name must be at most ${LIMITS.pitcher} characters.`);
  return { row, room, slot, session: { title, notes, pitcher: pitcher || DEFAULT_PITCHER, cohosts: names } };
}
