import type { Room, Session, Slot } from './types';

/** How sessions sit on the grid (a clash, different slots, not all scheduled) and what that means, in the words a facilitator walking the room needs. */
export function gridPlacement(
  sessions: readonly Session[],
  rooms: readonly Room[],
  slots: readonly Slot[],
): { relation: 'same-slot' | 'different-slots' | 'unscheduled'; where: string } {
  const roomName = (id: string | null) => rooms.find((r) => r.id === id)?.name ?? 'an unknown room';
  const placed = sessions.flatMap((s) => {
    const slot = slots.find((x) => x.id === s.slotId);
    return slot && s.roomId ? [{ session: s, slot, room: roomName(s.roomId) }] : [];
  });
  const bySlot = new Map<string, typeof placed>();
  for (const p of placed) bySlot.set(p.slot.id, [...(bySlot.get(p.slot.id) ?? []), p]);
  const clash = [...bySlot.values()].find((group) => group.length > 1);
  if (clash) {
    const time = clash[0]?.slot.startsAt ?? '';
    return {
      relation: 'same-slot',
      where: `They run at the same time (${time}) in ${joinNames(clash.map((p) => p.room))}, so people must choose.`,
    };
  }
  if (placed.length < sessions.length) {
    const where =
      placed.length === 0
        ? 'Not scheduled yet: merge them, or place them so they do not clash.'
        : 'Not all scheduled yet: place the rest away from the others, or merge.';
    return { relation: 'unscheduled', where };
  }
  const times = [...placed].sort((a, b) => a.slot.position - b.slot.position).map((p) => `${p.slot.startsAt} (${p.room})`);
  return { relation: 'different-slots', where: `They run at ${joinNames(times)}: link them so people can follow the thread.` };
}

/** What an overlap means on the grid (`gridPlacement`'s words). */
export const gridMeaning = (sessions: readonly Session[], rooms: readonly Room[], slots: readonly Slot[]): string =>
  gridPlacement(sessions, rooms, slots).where;

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A suggestion's stable id: its sessions' ids in order. */
export const suggestionId = (sessionIds: readonly string[]): string => [...sessionIds].sort().join('+');
