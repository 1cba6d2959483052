/**
 * "People who should talk": the hosts of sessions that cover the same ground (an open overlap
 * suggestion, or a pair facilitators linked) who never shared a room. Two people shared a room
 * when they host one session together (a merge makes the other pitchers co-hosts), so merged
 * pairs never appear; sessions in different rooms, or in one room at different times, did not
 * bring their hosts together. Pure: names are compared trimmed and case-insensitively.
 */

export interface HostedSession {
  id: string;
  title: string;
  /** Pitcher first, then co-hosts. */
  hosts: string[];
}

export interface Introduction {
  /** The two people, alphabetical (as first written). */
  people: [string, string];
  /** The pairs of their sessions that overlap, as [one's session, the other's]. */
  because: { sessions: [string, string]; titles: [string, string]; kind: 'suggested' | 'linked' }[];
}

export interface OverlapPair {
  sessions: readonly [string, string];
  kind: 'suggested' | 'linked';
}

const key = (name: string): string => name.trim().toLocaleLowerCase('en');

export function whoShouldTalk(sessions: readonly HostedSession[], overlaps: readonly OverlapPair[]): Introduction[] {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const met = new Set<string>();
  for (const s of sessions) {
    for (const a of s.hosts) for (const b of s.hosts) if (key(a) !== key(b)) met.add(`${key(a)}\n${key(b)}`);
  }
  const found = new Map<string, Introduction>();
  for (const {
    sessions: [x, y],
    kind,
  } of overlaps) {
    const one = byId.get(x);
    const other = byId.get(y);
    if (!one || !other || one.id === other.id) continue;
    for (const a of one.hosts) {
      for (const b of other.hosts) {
        if (key(a) === key(b) || met.has(`${key(a)}\n${key(b)}`)) continue;
        const [first, second] = key(a) < key(b) ? [a, b] : [b, a];
        const [s1, s2] = first === a ? [one, other] : [other, one];
        const id = `${key(first)}\n${key(second)}`;
        const entry = found.get(id) ?? { people: [first.trim(), second.trim()], because: [] };
        if (!entry.because.some((r) => r.sessions[0] === s1.id && r.sessions[1] === s2.id)) {
          entry.because.push({ sessions: [s1.id, s2.id], titles: [s1.title, s2.title], kind });
        }
        found.set(id, entry);
      }
    }
  }
  return [...found.values()].sort(
    (p, q) => q.because.length - p.because.length || (key(p.people.join('\n')) < key(q.people.join('\n')) ? -1 : 1),
  );
}
