import type { Room, Session, Slot } from './types';

/** What an overlap means on the grid, in the words a facilitator walking the room needs. */
export function gridMeaning(sessions: readonly Session[], rooms: readonly Room[], slots: readonly Slot[]): string {
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
    return `Same ${time} slot, ${joinNames(clash.map((p) => p.room))}: people must choose.`;
  }
  if (placed.length < sessions.length) {
    return placed.length === 0
      ? 'Not scheduled yet: merge them, or place them so they do not clash.'
      : 'Not all scheduled yet: place the rest away from the others, or merge.';
  }
  const times = [...placed].sort((a, b) => a.slot.position - b.slot.position).map((p) => `${p.slot.startsAt} (${p.room})`);
  return `${joinNames(times)}: link them so people can follow the thread.`;
}

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A suggestion's stable id: its sessions' ids in order. */
export const suggestionId = (sessionIds: readonly string[]): string => [...sessionIds].sort().join('+');
