import { reorder } from '../domain/board';
import { DomainError, notFound } from '../domain/errors';
import { parseRoomLines, parseSlotLines, type LineProblem, type Parsed } from '../domain/grid-lines';
import type { Room, Slot } from '../domain/types';
import { GridDeletion, LIMITS, type RoomInput, type RoomPatch, type SlotInput, type SlotPatch } from '../protocol/schemas';
import { recordAction, recordActivity } from './actors';
import { writeToEvent, type Changed, type ServiceContext } from './context';

/** What removing a room or slot did: the sessions it held are back in "unscheduled", never deleted. */
export interface Removal {
  unscheduled: string[];
  /** The activity entry that undoes it. */
  undoId: number;
}

/** What an undo of a deletion put back. */
export interface Restored {
  summary: string;
  /** Sessions back in their old cells. */
  placed: number;
  /** Sessions that could not go back (moved, merged or hidden since, or their cell taken). */
  skipped: number;
}

const LINE_LIMITS = { name: LIMITS.roomName, label: LIMITS.slotLabel, capacity: LIMITS.capacity };

const slotText = (slot: Pick<Slot, 'label' | 'startsAt' | 'endsAt'>): string =>
  slot.label ? `“${slot.label}” (${slot.startsAt}–${slot.endsAt})` : `${slot.startsAt}–${slot.endsAt}`;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Refuses a pasted list with a problem on any line, listing them all (as the CSV import does). */
function itemsOf<T>(parsed: Parsed<T>, what: string): T[] {
  if (parsed.ok) return parsed.items;
  const problems: LineProblem[] = parsed.problems;
  const first = problems
    .slice(0, 3)
    .map((p) => p.message)
    .join(' ');
  throw new DomainError(
    'invalid_payload',
    `No ${what} were added. ${first}${problems.length > 3 ? ` (${problems.length} problems in all)` : ''}`,
    {
      problems: problems.slice(0, 50),
      fields: { lines: first },
    },
  );
}

/** Rooms and time slots: add (one or a pasted list), rename, reorder, delete and undo a deletion. */
export class GridService {
  constructor(private readonly ctx: ServiceContext) {}

  addRoom(eventId: string, input: RoomInput): Changed<Room> {
    return this.write(eventId, () => {
      const [room] = this.insertRooms(eventId, [input]) as [Room];
      recordActivity(this.ctx, eventId, 'grid', `Added the room “${room.name}”.`);
      return room;
    });
  }

  /** One room a line ("Main Hall, 80"): all added, or none with every line's problem. */
  addRooms(eventId: string, lines: string): Changed<Room[]> {
    const items = itemsOf(parseRoomLines(lines, LINE_LIMITS), 'rooms');
    return this.write(eventId, () => {
      const rooms = this.insertRooms(eventId, items);
      recordActivity(this.ctx, eventId, 'grid', `Added ${plural(rooms.length, 'room')}: ${rooms.map((r) => `“${r.name}”`).join(', ')}.`);
      return rooms;
    });
  }

  /** A capacity left out keeps its current value; null clears it. */
  updateRoom(eventId: string, roomId: string, input: RoomPatch): Changed<Room> {
    return this.write(eventId, () => {
      const room = this.room(eventId, roomId);
      const capacity = input.capacity === undefined ? room.capacity : input.capacity;
      this.ctx.grid.updateRoom({ id: room.id, name: input.name, capacity });
      recordActivity(
        this.ctx,
        eventId,
        'grid',
        `Saved the room “${input.name}”${room.name === input.name ? '' : ` (was “${room.name}”)`}.`,
      );
      return this.room(eventId, roomId);
    });
  }

  moveRoom(eventId: string, roomId: string, position: number): Changed<Room[]> {
    return this.write(eventId, () => {
      const room = this.room(eventId, roomId);
      this.ctx.grid.setRoomPositions(reorder(this.ctx.grid.listRooms(eventId), roomId, position));
      recordActivity(this.ctx, eventId, 'grid', `Moved the room “${room.name}” to place ${position + 1}.`);
      return this.ctx.grid.listRooms(eventId);
    });
  }

  /** Its sessions go back to "unscheduled"; the deletion can be undone (`undoDeletion`), placements included. */
  deleteRoom(eventId: string, roomId: string): Changed<Removal> {
    return this.write(eventId, () => {
      const room = this.room(eventId, roomId);
      const sessions = this.ctx.sessions.idsInRoom(roomId).map((id) => this.ctx.sessions.stored(id));
      const placements = sessions.flatMap((s) => (s?.slot_id ? [{ sessionId: s.id, slotId: s.slot_id }] : []));
      const unscheduled = this.unscheduleAll(placements.map((p) => p.sessionId));
      this.ctx.grid.deleteRoom(roomId);
      this.ctx.grid.setRoomPositions(this.dense(this.ctx.grid.listRooms(eventId)));
      const deletion: GridDeletion = {
        room: { id: room.id, name: room.name, capacity: room.capacity, position: room.position },
        placements,
      };
      const held = placements.length ? `; ${plural(placements.length, 'session')} went back to unscheduled` : '';
      const undoId = recordAction(this.ctx, eventId, 'delete-room', `Deleted the room “${room.name}”${held}.`, deletion);
      return { unscheduled, undoId };
    });
  }

  addSlot(eventId: string, input: SlotInput): Changed<Slot> {
    return this.write(eventId, () => {
      const [slot] = this.insertSlots(eventId, [input]) as [Slot];
      recordActivity(this.ctx, eventId, 'grid', `Added the time slot ${slotText(slot)}.`);
      return slot;
    });
  }

  /** One slot a line ("09:45-10:30 Keynote"): all added, or none with every line's problem. */
  addSlots(eventId: string, lines: string): Changed<Slot[]> {
    const items = itemsOf(parseSlotLines(lines, LINE_LIMITS), 'time slots');
    return this.write(eventId, () => {
      const slots = this.insertSlots(eventId, items);
      recordActivity(this.ctx, eventId, 'grid', `Added ${plural(slots.length, 'time slot')}: ${slots.map(slotText).join(', ')}.`);
      return slots;
    });
  }

  /** A label left out keeps its current value. */
  updateSlot(eventId: string, slotId: string, input: SlotPatch): Changed<Slot> {
    return this.write(eventId, () => {
      const slot = this.slot(eventId, slotId);
      this.ctx.grid.updateSlot({ id: slotId, label: input.label ?? slot.label, startsAt: input.startsAt, endsAt: input.endsAt });
      const saved = this.slot(eventId, slotId);
      recordActivity(this.ctx, eventId, 'grid', `Saved the time slot ${slotText(saved)}.`);
      return saved;
    });
  }

  moveSlot(eventId: string, slotId: string, position: number): Changed<Slot[]> {
    return this.write(eventId, () => {
      const slot = this.slot(eventId, slotId);
      this.ctx.grid.setSlotPositions(reorder(this.ctx.grid.listSlots(eventId), slotId, position));
      recordActivity(this.ctx, eventId, 'grid', `Moved the time slot ${slotText(slot)} to place ${position + 1}.`);
      return this.ctx.grid.listSlots(eventId);
    });
  }

  deleteSlot(eventId: string, slotId: string): Changed<Removal> {
    return this.write(eventId, () => {
      const slot = this.slot(eventId, slotId);
      const sessions = this.ctx.sessions.idsInSlot(slotId).map((id) => this.ctx.sessions.stored(id));
      const placements = sessions.flatMap((s) => (s?.room_id ? [{ sessionId: s.id, roomId: s.room_id }] : []));
      const unscheduled = this.unscheduleAll(placements.map((p) => p.sessionId));
      this.ctx.grid.deleteSlot(slotId);
      this.ctx.grid.setSlotPositions(this.dense(this.ctx.grid.listSlots(eventId)));
      const deletion: GridDeletion = {
        slot: { id: slot.id, label: slot.label, startsAt: slot.startsAt, endsAt: slot.endsAt, position: slot.position },
        placements,
      };
      const held = placements.length ? `; ${plural(placements.length, 'session')} went back to unscheduled` : '';
      const undoId = recordAction(this.ctx, eventId, 'delete-slot', `Deleted the time slot ${slotText(slot)}${held}.`, deletion);
      return { unscheduled, undoId };
    });
  }

  /**
   * Puts a deleted room or slot back where it was, and its sessions back in their cells. A session
   * that has moved, been merged or hidden since, or whose cell is now taken, stays where it is now:
   * an undo never moves what someone did afterwards.
   */
  undoDeletion(eventId: string, entryId: number): Changed<Restored> {
    return this.write(eventId, () => {
      const entry = this.ctx.activity.find(eventId, entryId);
      if (!entry || (entry.action !== 'delete-room' && entry.action !== 'delete-slot') || entry.payload === null) {
        throw notFound('That deletion');
      }
      if (entry.undoneBy !== null) throw new DomainError('conflict', 'That deletion was already undone.');
      const deletion = GridDeletion.parse(JSON.parse(entry.payload));
      const cells = 'room' in deletion ? this.restoreRoom(eventId, deletion) : this.restoreSlot(eventId, deletion);
      let placed = 0;
      const now = this.ctx.clock.now().toISOString();
      const taken = new Set(this.ctx.sessions.list(eventId).flatMap((s) => (s.roomId ? [`${s.roomId} ${s.slotId}`] : [])));
      for (const { sessionId, roomId, slotId } of cells) {
        const session = this.ctx.sessions.find(eventId, sessionId);
        if (!session || session.roomId !== null || taken.has(`${roomId} ${slotId}`)) continue;
        this.ctx.sessions.place(sessionId, roomId, slotId, now);
        taken.add(`${roomId} ${slotId}`);
        placed += 1;
      }
      const skipped = cells.length - placed;
      const what = 'room' in deletion ? `the room “${deletion.room.name}”` : `the time slot ${slotText(deletion.slot)}`;
      const back = cells.length ? `; ${plural(placed, 'session')} back in place` : '';
      const left = skipped ? `, ${skipped} left where ${skipped === 1 ? 'it was' : 'they were'} moved since` : '';
      const summary = `Undid deleting ${what}${back}${left}.`;
      const undoId = recordAction(this.ctx, eventId, 'undo', summary, null);
      this.ctx.activity.setUndone(entry.id, undoId);
      return { summary, placed, skipped };
    });
  }

  private restoreRoom(eventId: string, deletion: Extract<GridDeletion, { room: unknown }>) {
    const rooms = this.ctx.grid.listRooms(eventId);
    if (rooms.length >= LIMITS.rooms) throw new DomainError('conflict', `An event can have at most ${LIMITS.rooms} rooms.`);
    const { room } = deletion;
    this.ctx.grid.insertRoom({ ...room, eventId, position: rooms.length });
    this.ctx.grid.setRoomPositions(reorder(this.ctx.grid.listRooms(eventId), room.id, Math.min(room.position, rooms.length)));
    const slots = new Set(this.ctx.grid.listSlots(eventId).map((s) => s.id));
    return deletion.placements.filter((p) => slots.has(p.slotId)).map((p) => ({ ...p, roomId: room.id }));
  }

  private restoreSlot(eventId: string, deletion: Extract<GridDeletion, { slot: unknown }>) {
    const slots = this.ctx.grid.listSlots(eventId);
    if (slots.length >= LIMITS.slots) throw new DomainError('conflict', `An event can have at most ${LIMITS.slots} time slots.`);
    const { slot } = deletion;
    this.ctx.grid.insertSlot({ ...slot, eventId, position: slots.length });
    this.ctx.grid.setSlotPositions(reorder(this.ctx.grid.listSlots(eventId), slot.id, Math.min(slot.position, slots.length)));
    const rooms = new Set(this.ctx.grid.listRooms(eventId).map((r) => r.id));
    return deletion.placements.filter((p) => rooms.has(p.roomId)).map((p) => ({ ...p, slotId: slot.id }));
  }

  private insertRooms(eventId: string, inputs: readonly RoomInput[]): Room[] {
    const existing = this.ctx.grid.listRooms(eventId).length;
    if (existing + inputs.length > LIMITS.rooms) {
      throw new DomainError('conflict', `An event can have at most ${LIMITS.rooms} rooms (it has ${existing}).`);
    }
    return inputs.map((input, i) => {
      const room: Room = { id: this.ctx.newId(), eventId, name: input.name, capacity: input.capacity, position: existing + i };
      this.ctx.grid.insertRoom(room);
      return room;
    });
  }

  private insertSlots(eventId: string, inputs: readonly SlotInput[]): Slot[] {
    const existing = this.ctx.grid.listSlots(eventId).length;
    if (existing + inputs.length > LIMITS.slots) {
      throw new DomainError('conflict', `An event can have at most ${LIMITS.slots} time slots (it has ${existing}).`);
    }
    return inputs.map((input, i) => {
      const slot: Slot = { id: this.ctx.newId(), eventId, ...input, position: existing + i };
      this.ctx.grid.insertSlot(slot);
      return slot;
    });
  }

  private write<T>(eventId: string, change: () => T): Changed<T> {
    return writeToEvent(this.ctx, eventId, change, () => ({ kind: 'board' }));
  }

  private unscheduleAll(sessionIds: string[]): string[] {
    const now = this.ctx.clock.now().toISOString();
    for (const id of sessionIds) this.ctx.sessions.place(id, null, null, now);
    return sessionIds;
  }

  /** Positions stay 0..n-1 after a removal, so exports and reorders see a gap-free order. */
  private dense<T extends { id: string; position: number }>(items: T[]): { id: string; position: number }[] {
    return items.flatMap((item, position) => (item.position === position ? [] : [{ id: item.id, position }]));
  }

  private room(eventId: string, roomId: string): Room {
    const room = this.ctx.grid.findRoom(eventId, roomId);
    if (!room) throw notFound('That room');
    return room;
  }

  private slot(eventId: string, slotId: string): Slot {
    const slot = this.ctx.grid.findSlot(eventId, slotId);
    if (!slot) throw notFound('That time slot');
    return slot;
  }
}
