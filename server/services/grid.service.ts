import { reorder } from '../domain/board';
import { DomainError, notFound } from '../domain/errors';
import type { Room, Slot } from '../domain/types';
import { LIMITS, type RoomInput, type RoomPatch, type SlotInput, type SlotPatch } from '../protocol/schemas';
import { writeToEvent, type Changed, type ServiceContext } from './context';

/** What removing a room or slot did: the sessions it held are back in "unscheduled", never deleted. */
export interface Removal {
  unscheduled: string[];
}

/** Rooms and time slots: add, rename, reorder, delete. */
export class GridService {
  constructor(private readonly ctx: ServiceContext) {}

  addRoom(eventId: string, input: RoomInput): Changed<Room> {
    return this.write(eventId, () => {
      const rooms = this.ctx.grid.listRooms(eventId);
      if (rooms.length >= LIMITS.rooms) throw new DomainError('conflict', `An event can have at most ${LIMITS.rooms} rooms.`);
      const room: Room = { id: this.ctx.newId(), eventId, name: input.name, capacity: input.capacity, position: rooms.length };
      this.ctx.grid.insertRoom(room);
      return room;
    });
  }

  /** A capacity left out keeps its current value; null clears it. */
  updateRoom(eventId: string, roomId: string, input: RoomPatch): Changed<Room> {
    return this.write(eventId, () => {
      const room = this.room(eventId, roomId);
      const capacity = input.capacity === undefined ? room.capacity : input.capacity;
      this.ctx.grid.updateRoom({ id: room.id, name: input.name, capacity });
      return this.room(eventId, roomId);
    });
  }

  moveRoom(eventId: string, roomId: string, position: number): Changed<Room[]> {
    return this.write(eventId, () => {
      this.room(eventId, roomId);
      this.ctx.grid.setRoomPositions(reorder(this.ctx.grid.listRooms(eventId), roomId, position));
      return this.ctx.grid.listRooms(eventId);
    });
  }

  deleteRoom(eventId: string, roomId: string): Changed<Removal> {
    return this.write(eventId, () => {
      this.room(eventId, roomId);
      const unscheduled = this.unscheduleAll(this.ctx.sessions.idsInRoom(roomId));
      this.ctx.grid.deleteRoom(roomId);
      this.ctx.grid.setRoomPositions(this.dense(this.ctx.grid.listRooms(eventId)));
      return { unscheduled };
    });
  }

  addSlot(eventId: string, input: SlotInput): Changed<Slot> {
    return this.write(eventId, () => {
      const slots = this.ctx.grid.listSlots(eventId);
      if (slots.length >= LIMITS.slots) throw new DomainError('conflict', `An event can have at most ${LIMITS.slots} time slots.`);
      const slot: Slot = { id: this.ctx.newId(), eventId, ...input, position: slots.length };
      this.ctx.grid.insertSlot(slot);
      return slot;
    });
  }

  /** A label left out keeps its current value. */
  updateSlot(eventId: string, slotId: string, input: SlotPatch): Changed<Slot> {
    return this.write(eventId, () => {
      const slot = this.slot(eventId, slotId);
      this.ctx.grid.updateSlot({ id: slotId, label: input.label ?? slot.label, startsAt: input.startsAt, endsAt: input.endsAt });
      return this.slot(eventId, slotId);
    });
  }

  moveSlot(eventId: string, slotId: string, position: number): Changed<Slot[]> {
    return this.write(eventId, () => {
      this.slot(eventId, slotId);
      this.ctx.grid.setSlotPositions(reorder(this.ctx.grid.listSlots(eventId), slotId, position));
      return this.ctx.grid.listSlots(eventId);
    });
  }

  deleteSlot(eventId: string, slotId: string): Changed<Removal> {
    return this.write(eventId, () => {
      this.slot(eventId, slotId);
      const unscheduled = this.unscheduleAll(this.ctx.sessions.idsInSlot(slotId));
      this.ctx.grid.deleteSlot(slotId);
      this.ctx.grid.setSlotPositions(this.dense(this.ctx.grid.listSlots(eventId)));
      return { unscheduled };
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
