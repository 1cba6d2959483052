/**
 * One list from all evidence (issue 16): what the text shows (the detector's pairs), what people
 * said (pitchers, attendees' "same conversation as…" flags, hosts' answers), who would go to both
 * ("I'd go"), and what facilitators decided, fused per pair, grouped, and worded for a facilitator.
 * Pure: the suggestion engine feeds it what it read, and re-fuses without detecting again when only
 * people's words or interest changed.
 */
import { gridPlacement, joinNames, suggestionId } from './suggestion';
import type { Room, Session, Slot } from './types';

/** The detector's evidence for a pair (an `analysis` FoundOverlap of two sessions). */
export interface TextEvidence {
  sessions: string[];
  score: number;
  tier: 'same' | 'related';
  sharedTerms: string[];
  semantic: boolean;
  series: boolean;
  mergeable: boolean;
}

/** What someone said about a pair (pair_labels, not cleared). */
export interface SaidAbout {
  pair: readonly [string, string];
  source: 'pitcher' | 'attendee' | 'host';
  label: 'same' | 'link' | 'different';
  browserKey: string;
  createdAt: string;
}

/** A facilitator's (or both hosts') decision about a pair. */
export interface Decided {
  pair: readonly [string, string];
  kind: 'dismissed' | 'linked' | 'merged';
  createdAt: string;
}

export type ProvenanceKind = 'words' | 'meaning' | 'pitcher' | 'attendees' | 'hosts' | 'interest';

/** One line of "why": what kind of evidence, in words a facilitator reads. */
export interface Provenance {
  kind: ProvenanceKind;
  text: string;
}

/** A suggestion as facilitators get it: the sessions, how sure, why, and what it means on the grid. */
export interface Suggestion {
  /** The session ids joined with "+", in order: stable while the same sessions are suggested. */
  id: string;
  sessions: string[];
  /** For ranking only (0..1), never shown. */
  score: number;
  /** "same": "Likely the same conversation"; "related": "Possibly related". */
  tier: 'same' | 'related';
  relation: 'same-slot' | 'different-slots' | 'unscheduled';
  suggestion: 'merge' | 'link' | 'keep-apart';
  /** What they have in common, e.g. "Both about low-code and platforms." */
  reason: string;
  sharedTerms: string[];
  /** What it means on the grid, e.g. "They run at the same time (10:45) in Library and Room 1, so people must choose." */
  where: string;
  /** Where the suggestion comes from, strongest kind first. */
  evidence: Provenance[];
  /** Browsers whose "same conversation as…" flags count for it. */
  flags: number;
  /** Dismissed before; attendees flagged it since (facilitators only see it again). */
  reopened: boolean;
}

/** A "same conversation as…" flag that a host of one of the two sessions is asked about. */
export interface HostFlag {
  /** The host's session and the other one. */
  sessionId: string;
  title: string;
  otherId: string;
  otherTitle: string;
  /** Attendees who say so. */
  flags: number;
  /** What this host answered, if anything. */
  answer: 'same' | 'link' | 'different' | null;
}

/**
 * "People want both": a pair wanted by at least `minBrowsers` of the same browsers, who are at least
 * `minShare` of the smaller session's interest. Three keeps two friends clicking alike from making a
 * pattern; 40 % says it is a real share of that session's audience, not the overlap any two popular
 * sessions have (see analysis/README.md, "People who'd go to both").
 */
export const WANT_BOTH = { minBrowsers: 3, minShare: 0.4 } as const;

export interface WantBoth {
  pair: [string, string];
  /** Browsers that would go to both. */
  browsers: number;
  /** `browsers` over the smaller session's interest. */
  share: number;
}

/** Pairs of sessions the same browsers would go to (`WANT_BOTH`), from each session's interested browsers. */
export function peopleWantBoth(
  interests: ReadonlyMap<string, readonly string[]>,
  settings: { minBrowsers: number; minShare: number } = WANT_BOTH,
): WantBoth[] {
  const byBrowser = new Map<string, string[]>();
  for (const [session, browsers] of interests) {
    for (const browser of browsers) byBrowser.set(browser, [...(byBrowser.get(browser) ?? []), session]);
  }
  const shared = new Map<string, number>();
  for (const sessions of byBrowser.values()) {
    const sorted = [...sessions].sort();
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const key = pairKey(sorted[i] as string, sorted[j] as string);
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const out: WantBoth[] = [];
  for (const [key, browsers] of shared) {
    const pair = unkey(key);
    const smaller = Math.min(interests.get(pair[0])?.length ?? 0, interests.get(pair[1])?.length ?? 0);
    const share = smaller > 0 ? browsers / smaller : 0;
    if (browsers >= settings.minBrowsers && share >= settings.minShare) out.push({ pair, browsers, share });
  }
  return out.sort((a, b) => b.browsers - a.browsers || compare(a.pair.join(), b.pair.join()));
}

/**
 * How much each kind of evidence adds (combined as independent signals: 1 − Π(1 − w)). Tuned so that
 * two attendees' flags alone (0.51) or one flag on a pair the detector found reach the "same" tier
 * (SAME_AT), one flag alone does not (0.3), and shared interest alone never does (0.2): it warns of a
 * clash but is never a merge by itself.
 */
export const WEIGHTS = { flag: 0.3, pitcherSame: 0.5, pitcherLink: 0.3, host: 0.3, wantBoth: 0.2 } as const;
/** The "same" tier starts here: the detector's own `sameThreshold`. */
export const SAME_AT = 0.45;
/** A pitcher's "mine is different" keeps this share of the text's evidence (flags keep theirs). */
export const PITCHER_DIFFERENT = 0.5;
/** People said a pair is the same: another pair sharing its words is lifted; said different: lowered. */
export const LEARNED_LIFT = 1.25;
export const LEARNED_DROP = 0.5;
/** Two groups join only when every pair across them has at least this much evidence (no chaining). */
const GROUP_SUPPORT = 0.3;

export interface FusionInput {
  sessions: readonly Session[];
  rooms: readonly Room[];
  slots: readonly Slot[];
  /** The detector's pairs, after facilitators' decisions (decided pairs left out). */
  text: readonly TextEvidence[];
  labels: readonly SaidAbout[];
  decisions: readonly Decided[];
  /** Each session's interested browsers. */
  interests: ReadonlyMap<string, readonly string[]>;
  /** Clashes listed by the last fusion, with their text evidence then (see `fuseEvidence`). */
  listed: ReadonlyMap<string, TextEvidence>;
}

export interface Fused {
  suggestions: Suggestion[];
  /** The clashes listed now with their text evidence: the next fusion's `listed`. */
  listed: Map<string, TextEvidence>;
  /** Every "people want both" pair, decided or not (the grid's clash warnings read them too). */
  wantBoth: WantBoth[];
}

interface PairFacts {
  pair: [string, string];
  text: TextEvidence | null;
  flags: string[];
  /** Flags after a facilitator dismissed the pair: only these count, and only facilitators see them. */
  reopened: boolean;
  pitcher: SaidAbout['label'][];
  hosts: SaidAbout['label'][];
  wantBoth: WantBoth | null;
  score: number;
  tier: 'same' | 'related';
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const pairKey = (a: string, b: string): string => (a < b ? `${a}+${b}` : `${b}+${a}`);
const unkey = (key: string): [string, string] => {
  const at = key.indexOf('+');
  return [key.slice(0, at), key.slice(at + 1)];
};

/**
 * Fuses the evidence into ranked suggestions: pairs "Likely the same conversation" joined into
 * groups (complete linkage: three or more sessions are one suggestion), then the "Possibly related".
 *
 * A clash stays listed until its sessions no longer share a slot or someone decides about that pair:
 * a clash listed before keeps its text evidence (`listed`) when a later detection lost it (a new
 * pitch made its words the event's theme, or a decision about another pair damped them).
 * A facilitator's decision is final for its pair; attendees' flags made after a dismissal reopen it
 * for facilitators. People's words sharpen the rest: a pair sharing words with a pair people said is
 * the same is lifted, one whose shared words all come from pairs people said differ is lowered.
 */
export function fuseEvidence(input: FusionInput): Fused {
  const onBoard = new Map(input.sessions.map((s) => [s.id, s]));
  const decided = new Map(input.decisions.map((d) => [pairKey(d.pair[0], d.pair[1]), d]));
  const slotOf = (id: string) => onBoard.get(id)?.slotId ?? null;
  const clashing = (a: string, b: string) =>
    slotOf(a) !== null && slotOf(a) === slotOf(b) && onBoard.get(a)?.roomId !== onBoard.get(b)?.roomId;

  const facts = new Map<string, PairFacts>();
  const factsOf = (a: string, b: string): PairFacts | null => {
    if (a === b || !onBoard.has(a) || !onBoard.has(b)) return null;
    const key = pairKey(a, b);
    let f = facts.get(key);
    if (!f) {
      f = { pair: unkey(key), text: null, flags: [], reopened: false, pitcher: [], hosts: [], wantBoth: null, score: 0, tier: 'related' };
      facts.set(key, f);
    }
    return f;
  };

  for (const t of input.text) {
    const [a, b] = t.sessions;
    const f = a && b ? factsOf(a, b) : null;
    if (f) f.text = t;
  }
  for (const [key, t] of input.listed) {
    const [a, b] = unkey(key);
    const f = !decided.has(key) && clashing(a, b) ? factsOf(a, b) : null;
    if (f && !f.text) f.text = t;
  }
  for (const label of input.labels) {
    const key = pairKey(label.pair[0], label.pair[1]);
    const decision = decided.get(key);
    if (decision && decision.kind !== 'dismissed') continue;
    const f = factsOf(label.pair[0], label.pair[1]);
    if (!f) continue;
    if (decision) {
      // Final for the pair: only attendees' flags made after the dismissal bring it back.
      if (label.source !== 'attendee' || label.label !== 'same' || label.createdAt <= decision.createdAt) continue;
      f.reopened = true;
    }
    if (label.source === 'attendee' && label.label === 'same') f.flags.push(label.browserKey);
    else if (label.source === 'pitcher') f.pitcher.push(label.label);
    else if (label.source === 'host') f.hosts.push(label.label);
  }
  const wantBoth = peopleWantBoth(input.interests);
  for (const want of wantBoth) {
    if (decided.has(pairKey(...want.pair))) continue;
    const f = factsOf(...want.pair);
    if (f) f.wantBoth = want;
  }

  const learned = learnedWords([...facts.values()]);
  for (const f of facts.values()) score(f, learned);
  const listed = [...facts.values()].filter(
    (f) =>
      !(decided.has(pairKey(...f.pair)) && !f.reopened) &&
      // Shared interest alone is a clash warning, nothing to do while they are apart.
      (f.text || f.flags.length || f.pitcher.some((l) => l !== 'different') || f.hosts.length || (f.wantBoth && clashing(...f.pair))),
  );
  const suggestions = group(listed).map((members) => describe(members, onBoard, input));
  suggestions.sort(
    (a, b) =>
      (a.tier === 'same' ? 0 : 1) - (b.tier === 'same' ? 0 : 1) ||
      (a.relation === 'same-slot' ? 0 : 1) - (b.relation === 'same-slot' ? 0 : 1) ||
      b.score - a.score ||
      compare(a.id, b.id),
  );
  const remembered = new Map<string, TextEvidence>();
  for (const f of listed) if (f.text && clashing(...f.pair)) remembered.set(pairKey(...f.pair), f.text);
  return { suggestions, listed: remembered, wantBoth };
}

/** Words of pairs people said are the same (lift), and of pairs people said differ (lower). */
function learnedWords(all: readonly PairFacts[]): { same: Set<string>; different: Set<string> } {
  const same = new Set<string>();
  const different = new Set<string>();
  for (const f of all) {
    if (!f.text) continue;
    const saidSame = f.flags.length > 0 || [...f.pitcher, ...f.hosts].some((l) => l !== 'different');
    const saidDifferent = [...f.pitcher, ...f.hosts].includes('different');
    for (const term of f.text.sharedTerms) {
      if (saidSame) same.add(term);
      else if (saidDifferent) different.add(term);
    }
  }
  return { same, different };
}

function score(f: PairFacts, learned: { same: Set<string>; different: Set<string> }): void {
  let text = f.reopened ? 0 : (f.text?.score ?? 0);
  const terms = f.text?.sharedTerms ?? [];
  const ownSay = f.flags.length > 0 || f.pitcher.length > 0 || f.hosts.length > 0;
  if (!ownSay && terms.some((t) => learned.same.has(t))) text = Math.min(1, text * LEARNED_LIFT);
  else if (!ownSay && terms.length > 0 && terms.every((t) => learned.different.has(t))) text *= LEARNED_DROP;
  if (f.pitcher.includes('different')) text *= PITCHER_DIFFERENT;
  const parts = [
    text,
    ...f.flags.map(() => WEIGHTS.flag),
    ...f.pitcher.map((l) => (l === 'same' ? WEIGHTS.pitcherSame : l === 'link' ? WEIGHTS.pitcherLink : 0)),
    ...f.hosts.map((l) => (l === 'different' ? 0 : WEIGHTS.host)),
    f.wantBoth ? WEIGHTS.wantBoth : 0,
  ];
  f.score = Math.round((1 - parts.reduce((keep, w) => keep * (1 - w), 1)) * 1000) / 1000;
  // The parts of a series belong together but are not one conversation; a pitcher's "different" is
  // outweighed only by people in the room.
  const series = f.text?.series ?? false;
  f.tier = !series && f.score >= SAME_AT ? 'same' : 'related';
}

/** Complete linkage over the "same" pairs, strongest first; "related" pairs stay pairs unless a group holds both. */
function group(listed: readonly PairFacts[]): PairFacts[][] {
  const byKey = new Map(listed.map((f) => [pairKey(...f.pair), f]));
  const supported = (a: string, b: string) => (byKey.get(pairKey(a, b))?.score ?? 0) >= GROUP_SUPPORT;
  const same = listed.filter((f) => f.tier === 'same').sort((a, b) => b.score - a.score || compare(a.pair.join(), b.pair.join()));
  const groupOf = new Map<string, string[]>();
  for (const f of same) {
    const [x, y] = f.pair;
    const a = groupOf.get(x) ?? [x];
    const b = groupOf.get(y) ?? [y];
    if (a === b || !a.every((p) => b.every((q) => supported(p, q)))) continue;
    const merged = [...a, ...b].sort(compare);
    for (const id of merged) groupOf.set(id, merged);
  }
  const out: PairFacts[][] = [];
  const seen = new Set<string[]>();
  for (const members of groupOf.values()) {
    if (seen.has(members)) continue;
    seen.add(members);
    out.push(listed.filter((f) => members.includes(f.pair[0]) && members.includes(f.pair[1])));
  }
  for (const f of listed) {
    const g = groupOf.get(f.pair[0]);
    if (!g || g !== groupOf.get(f.pair[1])) out.push([f]);
  }
  return out;
}

function describe(members: readonly PairFacts[], onBoard: ReadonlyMap<string, Session>, input: FusionInput): Suggestion {
  const ids = [...new Set(members.flatMap((f) => f.pair))].sort(compare);
  const sessions = ids.flatMap((id) => onBoard.get(id) ?? []);
  const score = Math.round((members.reduce((sum, f) => sum + f.score, 0) / members.length) * 1000) / 1000;
  const tier = members.length > 1 || members[0]?.tier === 'same' ? 'same' : 'related';
  const texts = members.flatMap((f) => (f.text ? [f.text] : []));
  const terms = [...new Set(texts.flatMap((t) => t.sharedTerms))].slice(0, 5);
  const flags = new Set(members.flatMap((f) => f.flags)).size;
  const reopened = members.some((f) => f.reopened);
  const want = members.flatMap((f) => (f.wantBoth ? [f.wantBoth] : []));
  const { relation, where } = gridPlacement(sessions, input.rooms, input.slots);
  const series = texts.some((t) => t.series);
  const peopleSame = flags > 0 || members.some((f) => [...f.pitcher, ...f.hosts].includes('same'));
  const suggestion =
    tier === 'same' && !series && (texts.some((t) => t.mergeable) || peopleSame)
      ? 'merge'
      : relation === 'same-slot' && tier === 'related'
        ? 'keep-apart'
        : 'link';
  const evidence = provenance(members, { terms, texts, flags, reopened, want });
  const reason = terms.length
    ? `Both about ${joinNames(terms.slice(0, 3))}.`
    : texts.some((t) => t.semantic)
      ? 'Worded differently, but close in meaning.'
      : (evidence[0]?.text ?? '');
  return {
    id: suggestionId(ids),
    sessions: ids,
    score,
    tier,
    relation,
    suggestion,
    reason,
    sharedTerms: terms,
    where,
    evidence,
    flags,
    reopened,
  };
}

function provenance(
  members: readonly PairFacts[],
  facts: { terms: string[]; texts: TextEvidence[]; flags: number; reopened: boolean; want: WantBoth[] },
): Provenance[] {
  const out: Provenance[] = [];
  const people = (n: number) => (n === 1 ? '1 person says' : `${n} people say`);
  if (facts.flags > 0) {
    out.push({
      kind: 'attendees',
      text: facts.reopened
        ? `${people(facts.flags)} so since it was dismissed: “same conversation”.`
        : `${people(facts.flags)} so: “same conversation”.`,
    });
  }
  const hosts = members.flatMap((f) => f.hosts);
  if (hosts.length) {
    const agree = hosts.filter((l) => l !== 'different').length;
    out.push({
      kind: 'hosts',
      text:
        agree === hosts.length
          ? `${hosts.length === 1 ? 'One host agrees' : 'The hosts agree'} to ${hosts.includes('link') ? 'link' : 'merge'} them.`
          : 'A host says they are different.',
    });
  }
  const pitcher = members.flatMap((f) => f.pitcher);
  if (pitcher.length) {
    const said = pitcher.includes('same')
      ? 'it is the same conversation'
      : pitcher.includes('link')
        ? 'they should be linked'
        : 'theirs is different';
    out.push({ kind: 'pitcher', text: `The pitcher said ${said} when pitching.` });
  }
  if (facts.terms.length) out.push({ kind: 'words', text: `Shared words: ${facts.terms.map((t) => `“${t}”`).join(', ')}.` });
  if (facts.texts.some((t) => t.semantic)) out.push({ kind: 'meaning', text: 'Similar in meaning.' });
  if (facts.want.length) {
    const most = Math.max(...facts.want.map((w) => w.browsers));
    out.push({ kind: 'interest', text: `${most} people would go to both.` });
  }
  return out;
}
