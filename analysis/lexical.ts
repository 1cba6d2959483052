/**
 * Lexical evidence: TF-IDF term vectors within one event. A term's weight falls with the share
 * of the event's sessions that use it, and falls steeply once it is the event's theme (used by
 * more than `themeShare` of sessions), so "council" at a govcamp or "newsroom" at SRCCON does
 * not make every pair look alike, while a rare shared product name or acronym counts a lot.
 */
import { IGNORED_WORDS } from './stopwords';
import type { Language } from './stopwords';
import { documentFrequencies, inverseDocumentFrequency, unitWeights } from './tfidf';
import { capitalisedWords, evidenceTerms, nameLikeWords, sessionLanguages, type Term } from './tokenize';

/** Notes beyond this many terms add little and cost time (some pitches paste whole essays). */
const MAX_NOTE_TERMS = 300;
/** 300 terms never need more text than this; tokenising a pasted essay in full would be slow. */
const MAX_NOTE_CHARS = 6000;
/** Names a pitch is about appear early in its notes; reading further for them costs time. */
const NAME_NOTES_CHARS = 1000;

export interface TermVector {
  /** term → L2-normalised weight */
  weights: Map<string, number>;
}

export interface LexicalModel {
  vectors: TermVector[];
  /** stem → the first word seen for it in the event (sessions in id order), to show people. */
  surface: Map<string, string>;
  /** Row-major n × n cosines, filled for i < j (0 where nothing is shared). */
  pairScores: Float32Array;
  /**
   * Pairs whose titles share a name-like term (product, organisation, acronym) that few other
   * sessions use: key i·n + j (i < j) → its specificity, 1 when only those two use it.
   */
  sharedNames: Map<number, number>;
}

export interface LexicalSettings {
  titleWeight: number;
  themeShare: number;
  /** A name-like term used by more sessions than this is not distinctive of a pair. */
  nameMaxSessions: number;
}

/** What one session's text gives, read once (tokenising is most of the lexical work). */
export interface SessionReading {
  titleTerms: Term[];
  /** The first MAX_NOTE_TERMS terms of the notes. */
  noteTerms: Term[];
  /** Words of the title, and of the start of the notes, written like a name (nameLikeWords). */
  titleSpelled: Set<string>;
  noteNames: Set<string>;
}

/** Reads a session's text in its language. */
export function readSession(session: { title: string; notes?: string }, language: Language): SessionReading {
  return {
    titleTerms: evidenceTerms(session.title, language),
    noteTerms: evidenceTerms(session.notes?.slice(0, MAX_NOTE_CHARS), language).slice(0, MAX_NOTE_TERMS),
    titleSpelled: nameLikeWords(session.title, language),
    noteNames: nameLikeWords(session.notes?.slice(0, NAME_NOTES_CHARS), language),
  };
}

function termCounts(reading: SessionReading, titleWeight: number, surface: Map<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: Term, weight: number): void => {
    counts.set(term.stem, (counts.get(term.stem) ?? 0) + weight);
    if (!surface.has(term.stem)) surface.set(term.stem, term.word);
  };
  for (const term of reading.titleTerms) add(term, titleWeight);
  for (const term of reading.noteTerms) add(term, 1);
  return counts;
}

/** Shortest stem that may stand for a longer one it begins ("datenschutz" for "datenschutzgesetz"). */
const MIN_PREFIX_STEM = 6;

/**
 * Folds each stem onto the shortest other stem of the event that is its prefix, so German
 * compounds and derivations the stemmer leaves apart ("barriere" / "barrierefreiheit",
 * "councillor" / "council") count as one term. Event-relative, so no word list is involved.
 */
function prefixFolding(vocabulary: ReadonlySet<string>): Map<string, string> {
  const fold = new Map<string, string>();
  for (const stem of vocabulary) {
    for (let len = MIN_PREFIX_STEM; len < stem.length; len++) {
      const prefix = stem.slice(0, len);
      if (vocabulary.has(prefix)) {
        fold.set(stem, prefix);
        break;
      }
    }
  }
  return fold;
}

/** Shortest stem that may stand for the head of a German compound ("schutz" in "datenschutz"), as for prefixes. */
const MIN_HEAD_STEM = 6;
/** Shortest modifier in front of a compound's head ("kinder" in "kinderdatenschutz"). */
const MIN_MODIFIER = 3;

/**
 * German compounds name their topic last: "Kinderdatenschutz" is about Datenschutz,
 * "Verwaltungsdigitalisierung" about Digitalisierung. A stem of a German session that no
 * shorter stem begins (see prefixFolding) is folded onto the longest other stem of the event
 * that ends it, unless longer compounds fold onto it: with "Kinderdatenschutz", "Datenschutz"
 * and "Schutz" in one event, the first joins the second and the second stays itself. No step
 * depends on the order of the sessions. Returns the fold for German sessions; others keep
 * `fold`, since an English "research" is not about "search".
 */
function withCompoundHeads(
  fold: ReadonlyMap<string, string>,
  counts: readonly Map<string, number>[],
  languages: readonly Language[],
): ReadonlyMap<string, string> {
  if (!languages.includes('de')) return fold;
  const vocabulary = new Set<string>();
  const german = new Set<string>();
  counts.forEach((c, doc) => {
    for (const stem of c.keys()) {
      vocabulary.add(stem);
      if (languages[doc] === 'de') german.add(stem);
    }
  });
  const heads = new Map<string, string>();
  for (const stem of german) {
    if (fold.has(stem)) continue;
    for (let start = MIN_MODIFIER; start <= stem.length - MIN_HEAD_STEM; start++) {
      const head = stem.slice(start);
      if (vocabulary.has(head)) {
        heads.set(stem, head);
        break;
      }
    }
  }
  // A head that longer compounds fold onto is a topic of its own here, and is not folded further.
  const targets = new Set(heads.values());
  const out = new Map(fold);
  for (const [stem, head] of heads) if (!targets.has(stem)) out.set(stem, fold.get(head) ?? head);
  return out;
}

function folded(c: Map<string, number>, fold: ReadonlyMap<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [stem, count] of c) {
    const target = fold.get(stem) ?? stem;
    out.set(target, (out.get(target) ?? 0) + count);
  }
  return out;
}

/**
 * An event's terms before weighting: what the detector's vectors are made of, and what a pitch
 * not yet in the event is read against (see `newcomerTerms`).
 */
export interface LexicalEvent {
  /** Per session: stem (folded, see prefixFolding) → count, the title's terms counted `titleWeight` times. */
  counts: Map<string, number>[];
  /** How many sessions use each (folded) stem. */
  df: Map<string, number>;
  /** stem → the first word seen for it in the event (sessions in input order), to show people. */
  surface: Map<string, string>;
  /** Per session: the (folded) stems its title names (see isNameInTitle). */
  titleNames: Set<string>[];
  /** Words written like a name anywhere in the event (title or the start of notes). */
  nameWords: Set<string>;
  /** Every stem of the event before folding, and the folds (English and German readings). */
  vocabulary: Set<string>;
  fold: ReadonlyMap<string, string>;
  germanFold: ReadonlyMap<string, string>;
}

/**
 * Reads an event's sessions into terms: tokenised, folded, counted; names marked. `readings`
 * (readSession of each session in its language) may come from a cache.
 */
export function lexicalEvent(
  sessions: readonly { title: string; notes?: string }[],
  settings: LexicalSettings,
  languages: readonly Language[] = sessionLanguages(sessions),
  readings: readonly SessionReading[] = sessions.map((s, k) => readSession(s, languages[k] as Language)),
): LexicalEvent {
  const surface = new Map<string, string>();
  // A word written like a name anywhere in the event ("… clusters on Kubernetes") marks its stem.
  const nameWords = new Set<string>();
  for (const r of readings) {
    for (const w of r.titleSpelled) nameWords.add(w);
    for (const w of r.noteNames) nameWords.add(w);
  }
  const raw = readings.map((r) => termCounts(r, settings.titleWeight, surface));
  const vocabulary = new Set<string>();
  for (const c of raw) for (const stem of c.keys()) vocabulary.add(stem);
  const fold = prefixFolding(vocabulary);
  const germanFold = withCompoundHeads(fold, raw, languages);
  const foldOf = (k: number) => (languages[k] === 'de' ? germanFold : fold);
  const counts = raw.map((c, k) => folded(c, foldOf(k)));
  const titleNames = sessions.map((s, k) => namesOf(readings[k] as SessionReading, s.title, nameWords, foldOf(k)));
  return { counts, df: documentFrequencies(counts), surface, titleNames, nameWords, vocabulary, fold, germanFold };
}

function namesOf(reading: SessionReading, title: string, nameWords: ReadonlySet<string>, fold: ReadonlyMap<string, string>): Set<string> {
  const capitalised = capitalisedWords(title);
  const out = new Set<string>();
  for (const t of reading.titleTerms) {
    if (isNameInTitle(t.word, reading.titleSpelled, capitalised, nameWords)) out.add(fold.get(t.stem) ?? t.stem);
  }
  return out;
}

/** A pitch's terms read against an event it is not part of (yet): counts, title names and the words it shows. */
export interface NewcomerTerms {
  counts: Map<string, number>;
  titleNames: Set<string>;
  /** stem → the word the pitch used for it. */
  surface: Map<string, string>;
}

/**
 * The terms of a pitch as if it joined `event`: its stems are folded onto the event's shorter
 * stems they begin (and, in German, end) with, as the event's own are; the event's folds are
 * not recomputed, so an event's "council" never folds onto a newcomer's "counc".
 */
export function newcomerTerms(
  session: { title: string; notes?: string },
  reading: SessionReading,
  language: Language,
  event: LexicalEvent,
  settings: LexicalSettings,
): NewcomerTerms {
  const surface = new Map<string, string>();
  const raw = termCounts(reading, settings.titleWeight, surface);
  const nameWords = new Set([...event.nameWords, ...reading.titleSpelled, ...reading.noteNames]);
  const known = language === 'de' ? event.germanFold : event.fold;
  const fold = new Map<string, string>();
  for (const stem of raw.keys()) {
    const target = known.get(stem) ?? foldOntoEvent(stem, event.vocabulary, language === 'de');
    if (target !== stem) fold.set(stem, target);
  }
  const counts = folded(raw, fold);
  const shown = new Map<string, string>();
  for (const [stem, word] of surface) if (!shown.has(fold.get(stem) ?? stem)) shown.set(fold.get(stem) ?? stem, word);
  return { counts, titleNames: namesOf(reading, session.title, nameWords, fold), surface: shown };
}

/** The event's stem a new stem folds onto (prefixFolding, and for German withCompoundHeads), or itself. */
function foldOntoEvent(stem: string, vocabulary: ReadonlySet<string>, german: boolean): string {
  if (vocabulary.has(stem)) return stem;
  for (let len = MIN_PREFIX_STEM; len < stem.length; len++) if (vocabulary.has(stem.slice(0, len))) return stem.slice(0, len);
  if (german) {
    for (let start = MIN_MODIFIER; start <= stem.length - MIN_HEAD_STEM; start++)
      if (vocabulary.has(stem.slice(start))) return stem.slice(start);
  }
  return stem;
}

/** Builds the term vectors of one event and the cosine of every pair that shares a term. */
export function buildLexicalModel(
  sessions: readonly { title: string; notes?: string }[],
  settings: LexicalSettings,
  languages: readonly Language[] = sessionLanguages(sessions),
): LexicalModel {
  const n = sessions.length;
  const event = lexicalEvent(sessions, settings, languages);
  const vectors = event.counts.map((c): TermVector => ({ weights: unitWeights(c, event.df, n, settings.themeShare) }));
  return {
    vectors,
    surface: event.surface,
    pairScores: sharedTermCosines(vectors),
    sharedNames: sharedNamePairs(event.titleNames, event.df, n, settings.nameMaxSessions),
  };
}

/**
 * Whether a title word stands for a name: spelled like one in this title ("NHS", "ChatGPT",
 * a capital inside a sentence), or capitalised here (first word) and written like a name
 * elsewhere in the event, and not an everyday word (broad stopword lists: "Information").
 * A name written in lower case ("local gov" next to "GOV.UK") is an ordinary word there.
 */
function isNameInTitle(
  word: string,
  spelled: ReadonlySet<string>,
  capitalised: ReadonlySet<string>,
  eventNames: ReadonlySet<string>,
): boolean {
  if (spelled.has(word)) return true;
  return capitalised.has(word) && eventNames.has(word) && !IGNORED_WORDS.has(word);
}

/**
 * Pairs whose titles both name the same stem (see isNameInTitle) that at most `maxSessions`
 * sessions use (anywhere), with its specificity: its IDF relative to a term only two use.
 */
function sharedNamePairs(
  titleNames: readonly ReadonlySet<string>[],
  df: ReadonlyMap<string, number>,
  n: number,
  maxSessions: number,
): Map<number, number> {
  const holders = new Map<string, number[]>();
  titleNames.forEach((stems, doc) => {
    for (const stem of stems) {
      if ((df.get(stem) ?? 0) > maxSessions) continue;
      const list = holders.get(stem);
      if (list) list.push(doc);
      else holders.set(stem, [doc]);
    }
  });
  const out = new Map<number, number>();
  const top = inverseDocumentFrequency(2, n);
  for (const [stem, docs] of holders) {
    const specificity = top > 0 ? Math.min(1, inverseDocumentFrequency(df.get(stem) ?? 2, n) / top) : 0;
    for (let a = 0; a < docs.length; a++) {
      for (let b = a + 1; b < docs.length; b++) {
        const key = (docs[a] as number) * n + (docs[b] as number);
        out.set(key, Math.max(out.get(key) ?? 0, specificity));
      }
    }
  }
  return out;
}

/**
 * Cosines via an inverted index: only pairs that share a term are visited. A dense matrix is
 * cheaper than a map here even at 1,000 sessions (4 MB), and theme terms have long postings.
 */
function sharedTermCosines(vectors: readonly TermVector[]): Float32Array {
  const n = vectors.length;
  const postings = new Map<string, { doc: number; w: number }[]>();
  vectors.forEach((v, doc) => {
    for (const [term, w] of v.weights) {
      const list = postings.get(term);
      if (list) list.push({ doc, w });
      else postings.set(term, [{ doc, w }]);
    }
  });
  const scores = new Float32Array(n * n);
  for (const list of postings.values()) {
    for (let a = 0; a < list.length; a++) {
      const x = list[a] as { doc: number; w: number };
      const row = x.doc * n;
      for (let b = a + 1; b < list.length; b++) {
        const y = list[b] as { doc: number; w: number };
        scores[row + y.doc] = (scores[row + y.doc] as number) + x.w * y.w;
      }
    }
  }
  return scores;
}

/** Terms two vectors share, strongest contribution first, ties broken alphabetically. */
export function sharedTerms(a: TermVector, b: TermVector, limit = 5): string[] {
  const shared: [string, number][] = [];
  for (const [term, w] of a.weights) {
    const v = b.weights.get(term);
    if (v !== undefined) shared.push([term, w * v]);
  }
  shared.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return shared.slice(0, limit).map(([term]) => term);
}
