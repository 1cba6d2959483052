import type { Room, Slot } from '../domain/types';
import type { Db } from './database';

interface RoomRow {
  id: string;
  event_id: string;
  name: string;
  capacity: number | null;
  position: number;
}

interface SlotRow {
  id: string;
  event_id: string;
  label: string;
  starts_at: string;
  ends_at: string;
  position: number;
}

const toRoom = (row: RoomRow): Room => ({
  id: row.id,
  eventId: row.event_id,
  name: row.name,
  capacity: row.capacity,
  position: row.position,
});

const toSlot = (row: SlotRow): Slot => ({
  id: row.id,
  eventId: row.event_id,
  label: row.label,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  position: row.position,
});

/** Rooms and time slots: the two axes of an event's grid. */
export class GridRepository {
  private readonly rooms;
  private readonly room;
  private readonly insertRoomRow;
  private readonly updateRoomRow;
  private readonly deleteRoomRow;
  private readonly roomPosition;
  private readonly slots;
  private readonly slot;
  private readonly insertSlotRow;
  private readonly updateSlotRow;
  private readonly deleteSlotRow;
  private readonly slotPosition;
  private readonly roomById;
  private readonly slotById;

  constructor(db: Db) {
    this.rooms = db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE event_id = ? ORDER BY position, id');
    this.room = db.prepare<[string, string], RoomRow>('SELECT * FROM rooms WHERE event_id = ? AND id = ?');
    this.insertRoomRow = db.prepare(
      'INSERT INTO rooms (id, event_id, name, capacity, position) VALUES (@id, @eventId, @name, @capacity, @position)',
    );
    this.updateRoomRow = db.prepare('UPDATE rooms SET name = @name, capacity = @capacity WHERE id = @id');
    this.deleteRoomRow = db.prepare('DELETE FROM rooms WHERE id = ?');
    this.roomPosition = db.prepare('UPDATE rooms SET position = @position WHERE id = @id');
    this.slots = db.prepare<[string], SlotRow>('SELECT * FROM slots WHERE event_id = ? ORDER BY position, id');
    this.slot = db.prepare<[string, string], SlotRow>('SELECT * FROM slots WHERE event_id = ? AND id = ?');
    this.insertSlotRow = db.prepare(
      `INSERT INTO slots (id, event_id, label, starts_at, ends_at, position)
       VALUES (@id, @eventId, @label, @startsAt, @endsAt, @position)`,
    );
    this.updateSlotRow = db.prepare('UPDATE slots SET label = @label, starts_at = @startsAt, ends_at = @endsAt WHERE id = @id');
    this.deleteSlotRow = db.prepare('DELETE FROM slots WHERE id = ?');
    this.slotPosition = db.prepare('UPDATE slots SET position = @position WHERE id = @id');
    this.roomById = db.prepare<[string], { found: number }>('SELECT 1 AS found FROM rooms WHERE id = ?');
    this.slotById = db.prepare<[string], { found: number }>('SELECT 1 AS found FROM slots WHERE id = ?');
  }

  listRooms(eventId: string): Room[] {
    return this.rooms.all(eventId).map(toRoom);
  }

  findRoom(eventId: string, id: string): Room | null {
    const row = this.room.get(eventId, id);
    return row ? toRoom(row) : null;
  }

  /** Whether any event already uses this room id (ids are unique across the instance). */
  roomExists(id: string): boolean {
    return this.roomById.get(id) !== undefined;
  }

  insertRoom(room: Room): void {
    this.insertRoomRow.run(room);
  }

  updateRoom(room: Pick<Room, 'id' | 'name' | 'capacity'>): void {
    this.updateRoomRow.run({ id: room.id, name: room.name, capacity: room.capacity });
  }

  deleteRoom(id: string): void {
    this.deleteRoomRow.run(id);
  }

  setRoomPositions(changes: readonly { id: string; position: number }[]): void {
    for (const change of changes) this.roomPosition.run(change);
  }

  listSlots(eventId: string): Slot[] {
    return this.slots.all(eventId).map(toSlot);
  }

  findSlot(eventId: string, id: string): Slot | null {
    const row = this.slot.get(eventId, id);
    return row ? toSlot(row) : null;
  }

  slotExists(id: string): boolean {
    return this.slotById.get(id) !== undefined;
  }

  /**
   * Whether a cell an undo would put a session back in is still on the event's grid: its room and
   * slot may have been deleted since (the undo then leaves the session unscheduled).
   */
  hasCell(eventId: string, roomId: string | null, slotId: string | null): boolean {
    return roomId !== null && slotId !== null && this.findRoom(eventId, roomId) !== null && this.findSlot(eventId, slotId) !== null;
  }

  insertSlot(slot: Slot): void {
    this.insertSlotRow.run(slot);
  }

  updateSlot(slot: Pick<Slot, 'id' | 'label' | 'startsAt' | 'endsAt'>): void {
    this.updateSlotRow.run({ id: slot.id, label: slot.label, startsAt: slot.startsAt, endsAt: slot.endsAt });
  }

  deleteSlot(id: string): void {
    this.deleteSlotRow.run(id);
  }

  setSlotPositions(changes: readonly { id: string; position: number }[]): void {
    for (const change of changes) this.slotPosition.run(change);
  }
}
