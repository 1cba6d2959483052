import { parse as parseCsv } from 'csv-parse/sync';
import { cellKey } from '../domain/board';
import { DomainError } from '../domain/errors';
import type { Room, Session, Slot } from '../domain/types';
import { LIMITS } from '../protocol/schemas';
import { writeToEvent, type Changed, type ServiceContext } from './context';
import { recordActivity } from './actors';
import { readHeader, readRow, type ImportRow, type RowProblem } from './grid-csv';

/** A CSV import is one request: big enough for a 100 × 100 grid with notes, small enough to check in one go. */
export const CSV_IMPORT_LIMITS = { bytes: 2 * 1024 * 1024, rows: 12_000 } as const;

/** What an import added to the event. */
export interface CsvImportResult {
  roomsAdded: number;
  slotsAdded: number;
  sessionsAdded: number;
  /** Of the sessions added, how many were given a room and slot. */
  scheduled: number;
}

/** At most this many problems are listed: enough to fix a file in a few rounds, short enough to read. */
const MAX_LISTED = 50;

function refuse(problems: RowProblem[]): never {
  const shown = problems.slice(0, 3).map((p) => p.message);
  const more = problems.length > 3 ? ` …and ${problems.length - 3} more.` : '';
  throw new DomainError('invalid_payload', `Nothing was imported. ${shown.join(' ')}${more}`, { problems: problems.slice(0, MAX_LISTED) });
}

/** Spreadsheets in many locales write ";"-separated files; the header row tells which one this is. */
function delimiterOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => header.split(c).length - 1;
  return [';', '\t'].find((c) => count(c) > count(',')) ?? ',';
}

/** The file's rows, each read and checked on its own, and the problems of those that could not be read. */
export function readGridCsv(text: string): { rows: ImportRow[]; problems: RowProblem[] } {
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 64 * 1024,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new DomainError(
      'invalid_payload',
      `Nothing was imported: the file is not valid CSV${line ? ` (near line ${line})` : ''}. Save it from your spreadsheet as “CSV UTF-8” and try again.`,
    );
  }
  const [header, ...data] = records;
  if (!header || header.every((cell) => cell.trim() === '')) {
    throw new DomainError(
      'invalid_payload',
      'Nothing was imported: the file is empty. It needs a header row (Room, Start, End, Title…) and a row per session.',
    );
  }
  if (data.length > CSV_IMPORT_LIMITS.rows) {
    throw new DomainError(
      'invalid_payload',
      `Nothing was imported: the file has ${data.length} rows; at most ${CSV_IMPORT_LIMITS.rows} can be imported at once.`,
    );
  }
  const read = readHeader(header);
  if ('problem' in read) refuse([read.problem]);
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  data.forEach((cells, i) => {
    const row = readRow(read.columns, cells, i + 2);
    if (row === null) return;
    if ('message' in row) problems.push(row);
    else rows.push(row);
  });
  if (rows.length === 0 && problems.length === 0) refuse([{ row: 2, message: 'Row 2: the file has a header but no rows to import.' }]);
  return { rows, problems };
}

const describeCell = (room: Room, slot: Slot): string =>
  `${room.name} at ${slot.label ? `${slot.label} ` : ''}${slot.startsAt}–${slot.endsAt}`;

/**
 * Builds what a file describes on top of an event's grid, inside the caller's transaction: rooms
 * matched by name (any case), slots by start, end and label (a row without a label takes the
 * first slot at those times), new ones added after the existing ones in the file's order.
 */
class ImportPlan {
  readonly problems: RowProblem[] = [];
  readonly newRooms: Room[] = [];
  readonly newSlots: Slot[] = [];
  readonly newSessions: Session[] = [];
  private readonly rooms: Room[];
  private readonly slots: Slot[];
  private readonly capacitySetBy = new Map<string, number>();
  private readonly cells = new Map<string, string>();
  private readonly existingSessions: number;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly eventId: string,
    private readonly now: Date,
  ) {
    this.rooms = ctx.grid.listRooms(eventId);
    this.slots = ctx.grid.listSlots(eventId);
    const sessions = ctx.sessions.list(eventId);
    this.existingSessions = sessions.length;
    for (const s of sessions)
      if (s.roomId && s.slotId) this.cells.set(cellKey(s.roomId, s.slotId), `already holds “${s.title}” on the board`);
  }

  add(row: ImportRow): void {
    const room = row.room ? this.room(row.room, row.row) : null;
    const slot = row.slot ? this.slot(row.slot, row.row) : null;
    if (!row.session || (row.room && !room) || (row.slot && !slot)) return;
    if (this.existingSessions + this.newSessions.length >= LIMITS.sessions) {
      this.problem(row.row, `an event can have at most ${LIMITS.sessions} sessions.`);
      return;
    }
    if (room && slot) {
      const key = cellKey(room.id, slot.id);
      const taken = this.cells.get(key);
      if (taken) {
        this.problem(row.row, `“${row.session.title}” cannot go in ${describeCell(room, slot)}: that cell ${taken}.`);
        return;
      }
      this.cells.set(key, `is already given to “${row.session.title}” on row ${row.row}`);
    }
    // A millisecond apart, so unscheduled sessions keep the file's order (the board lists them oldest first).
    const createdAt = new Date(this.now.getTime() + this.newSessions.length).toISOString();
    this.newSessions.push({
      id: this.ctx.newId(),
      eventId: this.eventId,
      ...row.session,
      roomId: room?.id ?? null,
      slotId: slot?.id ?? null,
      version: 1,
      interest: 0,
      createdAt,
      updatedAt: createdAt,
    });
  }

  private problem(row: number, message: string): void {
    this.problems.push({ row, message: `Row ${row}: ${message}` });
  }

  private room(wanted: NonNullable<ImportRow['room']>, row: number): Room | null {
    const name = wanted.name.toLocaleLowerCase();
    const found = this.rooms.find((r) => r.name.toLocaleLowerCase() === name);
    if (found) {
      // The file sets the capacity of the rooms it adds; rooms the event already has keep theirs.
      if (wanted.capacity !== null && this.newRooms.includes(found)) {
        const earlier = this.capacitySetBy.get(found.id);
        if (earlier === undefined) {
          found.capacity = wanted.capacity;
          this.capacitySetBy.set(found.id, row);
        } else if (found.capacity !== wanted.capacity) {
          this.problem(row, `room “${found.name}” has capacity ${wanted.capacity} here but ${found.capacity ?? 'none'} on row ${earlier}.`);
        }
      }
      return found;
    }
    if (this.rooms.length >= LIMITS.rooms) {
      this.problem(row, `room “${wanted.name}” would be room ${LIMITS.rooms + 1}; an event can have at most ${LIMITS.rooms}.`);
      return null;
    }
    const room: Room = {
      id: this.ctx.newId(),
      eventId: this.eventId,
      name: wanted.name,
      capacity: wanted.capacity,
      position: this.rooms.length,
    };
    this.rooms.push(room);
    this.newRooms.push(room);
    if (wanted.capacity !== null) this.capacitySetBy.set(room.id, row);
    return room;
  }

  private slot(wanted: NonNullable<ImportRow['slot']>, row: number): Slot | null {
    const atTime = this.slots.filter((s) => s.startsAt === wanted.startsAt && s.endsAt === wanted.endsAt);
    const label = wanted.label.toLocaleLowerCase();
    const found = wanted.label ? atTime.find((s) => s.label.toLocaleLowerCase() === label) : atTime[0];
    if (found) return found;
    if (this.slots.length >= LIMITS.slots) {
      this.problem(
        row,
        `the slot at ${wanted.startsAt}–${wanted.endsAt} would be slot ${LIMITS.slots + 1}; an event can have at most ${LIMITS.slots}.`,
      );
      return null;
    }
    const slot: Slot = { id: this.ctx.newId(), eventId: this.eventId, ...wanted, position: this.slots.length };
    this.slots.push(slot);
    this.newSlots.push(slot);
    return slot;
  }
}

/** CSV import of rooms, slots and sessions into an existing event (docs/export-format.md). */
export class GridImportService {
  constructor(private readonly ctx: ServiceContext) {}

  /** All or nothing: any problem in any row refuses the whole file, listing the problems by row. */
  importCsv(eventId: string, text: string): Changed<CsvImportResult> {
    const { rows, problems } = readGridCsv(text);
    return writeToEvent(
      this.ctx,
      eventId,
      () => {
        // Rows that read well are still checked against the grid, so one attempt lists every problem.
        const plan = new ImportPlan(this.ctx, eventId, this.ctx.clock.now());
        for (const row of rows) plan.add(row);
        const all = [...problems, ...plan.problems].sort((a, b) => a.row - b.row);
        if (all.length) refuse(all);
        for (const room of plan.newRooms) this.ctx.grid.insertRoom(room);
        for (const slot of plan.newSlots) this.ctx.grid.insertSlot(slot);
        for (const session of plan.newSessions) this.ctx.sessions.insert(session);
        recordActivity(
          this.ctx,
          eventId,
          'grid',
          `Imported a CSV grid: ${plan.newSessions.length} sessions, ${plan.newRooms.length} new rooms, ${plan.newSlots.length} new time slots.`,
        );
        return {
          roomsAdded: plan.newRooms.length,
          slotsAdded: plan.newSlots.length,
          sessionsAdded: plan.newSessions.length,
          scheduled: plan.newSessions.filter((s) => s.roomId !== null).length,
        };
      },
      () => ({ kind: 'board' }),
    );
  }
}
