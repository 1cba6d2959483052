/**
 * Turns free text into topic terms: lower-cased, stopwords and format words removed, stemmed
 * with the Porter stemmer of the text's guessed language (English, German or French).
 * CJK runs have no spaces, so they become overlapping character bigrams instead.
 */
import { EVIDENCE_STOPWORDS, FORMAT_WORDS, IGNORED_WORDS, LANGUAGES, STOPWORDS, type Language } from './stopwords';

interface Stemmer {
  stem(word: string): string;
}

// Submodule imports on purpose: require("natural") loads database drivers and prints to stdout.
/* eslint-disable @typescript-eslint/no-require-imports */
const STEMMERS: Record<Language, Stemmer> = {
  en: require('natural/lib/natural/stemmers/porter_stemmer') as Stemmer,
  de: require('natural/lib/natural/stemmers/porter_stemmer_de') as Stemmer,
  fr: require('natural/lib/natural/stemmers/porter_stemmer_fr') as Stemmer,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Format-word stems per language of the text: its own format words under its own stemmer, and
 * English ones ("workshops" in a French pitch) under the English stemmer. Stemming English words
 * with the French stemmer would collide with French content ("done" → "don", as "données").
 */
function formatStems(lang: Language): ReadonlySet<string> {
  return new Set([...FORMAT_WORDS[lang].map((w) => stemOf(w, lang)), ...FORMAT_WORDS.en.map((w) => stemOf(w, 'en'))]);
}

/**
 * A word's stem under its language's stemmer, diacritics removed first: people type French and
 * German without accents ("donnees", "Burgerbeteiligung"), and "données" and "donnees" must
 * give one stem. The stemmers lose some accent-dependent suffix rules; consistency matters more.
 */
function stemOf(word: string, lang: Language): string {
  const plain = /[^\p{ASCII}]/u.test(word)
    ? word
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .normalize('NFC')
    : word;
  return STEMMERS[lang].stem(plain);
}
const IGNORED_STEMS: Record<Language, ReadonlySet<string>> = {
  en: formatStems('en'),
  de: formatStems('de'),
  fr: formatStems('fr'),
};

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/u;
/** Longest word considered; longer "words" are URLs, hashes or noise. */
const MAX_WORD_LENGTH = 40;

/** Words of a text, lower-cased and NFKC-normalised, with English possessives and elisions dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    // "council's" → "council", "l'accessibilité" → "accessibilité"
    const word = stripElision(match[0]);
    if (word.length > 0 && word.length <= MAX_WORD_LENGTH) out.push(word);
  }
  return out;
}

/** What ends a sentence (or a title's clause): the next word is capitalised whatever it is. */
const SENTENCE_BREAKS: ReadonlySet<string> = new Set([...'.!?:;\n\r•|()[]{}"“”«»–—']);

function breaksSentence(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (SENTENCE_BREAKS.has(text[k] as string)) return true;
  return false;
}
/** A text in which at least this share of the longer words is capitalised is in Title Case. */
const TITLE_CASE_SHARE = 0.75;
/** Fewer words than this cannot tell Title Case from a sentence with names in it. */
const MIN_JUDGED_WORDS = 2;

/**
 * French elisions are dropped, the word after them kept: "l'", "d'", "qu'" (one or two letters)
 * and the longer forms ending in "qu'" ("jusqu'", "lorsqu'", "puisqu'", "quelqu'un"). Otherwise
 * the part before the apostrophe is the word ("council's" → "council").
 */
function stripElision(raw: string): string {
  const parts = raw.split(/['’]/);
  const [before = '', after = ''] = parts;
  const elided = before.length <= 2 || /qu$/i.test(before);
  return parts.length === 2 && elided ? after : before;
}

/**
 * Words written like names, lower-cased: acronyms ("NHS", "WCAG"), inner capitals ("ChatGPT",
 * "GitHub"), letters with digits ("Web3", "2FA"), and capitalised words inside a sentence
 * ("… clusters on Kubernetes") unless the text is in Title Case or German (which capitalises
 * every noun). Product and organisation names are what real overlaps most often share.
 * `language` is the session's (see sessionLanguages); without it, the text's own guess.
 */
export function nameLikeWords(text: string | null | undefined, language?: Language): Set<string> {
  const out = new Set<string>();
  if (!text) return out;
  const normalised = text.normalize('NFKC');
  const lowerWords: string[] = [];
  const acronyms: string[] = [];
  const capitalisedInside: string[] = [];
  let shouting = true;
  // Title Case is judged on the words a capital could tell something about: not the first of a
  // sentence, not already spelled like a name, not a stopword, not short. Too few: undecided.
  let judged = 0;
  let judgedCapitalised = 0;
  let last = -1;
  for (const match of normalised.matchAll(WORD)) {
    const index = match.index ?? 0;
    const initial = last < 0 || breaksSentence(normalised, last, index);
    last = index + match[0].length;
    const word = stripElision(match[0]);
    if (word.length === 0 || word.length > MAX_WORD_LENGTH) continue;
    const lower = word.toLowerCase();
    lowerWords.push(lower);
    const hasDigit = /[0-9]/.test(word);
    if (lower === word) {
      // No capital: a name only if it mixes letters and digits ("web3", "a11y").
      if (hasDigit && /\p{L}/u.test(word)) out.add(lower);
      else if (!hasDigit && !initial && word.length >= 4 && !STOPWORDS.en.has(lower)) judged++;
      if (/\p{Ll}/u.test(word)) shouting = false;
      continue;
    }
    if (/\p{Ll}/u.test(word)) shouting = false;
    if (/^\p{Lu}{2,}s?$/u.test(word)) acronyms.push(lower);
    else if (/\p{Ll}\p{Lu}/u.test(word) || (hasDigit && /\p{L}/u.test(word))) out.add(lower);
    else if (!initial) {
      if (word.length >= 4 && !STOPWORDS.en.has(lower)) {
        judged++;
        judgedCapitalised++;
      }
      if (/^\p{Lu}\p{Ll}/u.test(word)) capitalisedInside.push(lower);
    }
  }
  if (!(shouting && lowerWords.length >= 3)) for (const w of acronyms) out.add(w);
  const capitalsCount =
    capitalisedInside.length > 0 &&
    judged >= MIN_JUDGED_WORDS &&
    judgedCapitalised < TITLE_CASE_SHARE * judged &&
    (language ?? guessLanguage(lowerWords)) !== 'de';
  if (capitalsCount) for (const w of capitalisedInside) out.add(w);
  return out;
}

/** Lower-cased words of a text that were written with a capital letter somewhere in them. */
export function capitalisedWords(text: string | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const match of (text ?? '').normalize('NFKC').matchAll(WORD)) {
    const word = stripElision(match[0]);
    if (/\p{Lu}/u.test(word) && word.length <= MAX_WORD_LENGTH) out.add(word.toLowerCase());
  }
  return out;
}

/** Letters only one of the supported languages writes (umlauts and ß; French accents and ligatures). */
const GERMAN_LETTERS = /[äöüß]/;
const FRENCH_LETTERS = /[éèêëàâçîïôûùœ]/;

/**
 * Votes for each language: a stopword that only one language's list holds ("der", "les", "the";
 * not "in", which English and German share), and a word spelled with letters only that language
 * writes ("Behörden", "données"). The broad English list also holds some English content words
 * ("open"), which are English too.
 */
function languageVotes(textWords: readonly string[]): Record<Language, number> {
  const votes: Record<Language, number> = { en: 0, de: 0, fr: 0 };
  for (const w of textWords) {
    let only: Language | null = null;
    let holders = 0;
    for (const lang of LANGUAGES) {
      if (STOPWORDS[lang].has(w)) {
        holders++;
        only = lang;
      }
    }
    if (holders === 1 && only) votes[only]++;
    else if (holders === 0) {
      if (GERMAN_LETTERS.test(w)) votes.de++;
      else if (FRENCH_LETTERS.test(w)) votes.fr++;
    }
  }
  return votes;
}

/** The language with the most votes; null when none has any or two tie. */
function winner(votes: Readonly<Record<Language, number>>): Language | null {
  let best: Language | null = null;
  let bestVotes = 0;
  for (const lang of LANGUAGES) {
    if (votes[lang] > bestVotes) {
      best = lang;
      bestVotes = votes[lang];
    } else if (votes[lang] === bestVotes) best = null;
  }
  return best;
}

/**
 * The language the words vote for most (see languageVotes); `fallback` (English unless told,
 * e.g. the event's language) when nothing tells or two languages tie. A short title such as
 * "Datenschutz im Verein" tells nothing by itself: its event does.
 */
export function guessLanguage(textWords: readonly string[], fallback: Language = 'en'): Language {
  return winner(languageVotes(textWords)) ?? fallback;
}

/** Enough text to guess a language from; huge notes are not read in full for that. */
const LANGUAGE_SAMPLE_CHARS = 1000;

/**
 * The language of each session (title and the start of its notes). A session whose words tell
 * (see guessLanguage) keeps its own; one that does not, or ties ("Datenschutz im Verein", where
 * "im" is English and German), takes its event's: the language with the most votes over all
 * sessions (English if none).
 */
export function sessionLanguages(sessions: readonly { title: string; notes?: string }[]): Language[] {
  return eventLanguages(sessions).sessions;
}

/** Each session's language (see sessionLanguages) and the event's: the one a session that does not tell takes. */
export function eventLanguages(sessions: readonly { title: string; notes?: string }[]): { sessions: Language[]; event: Language } {
  const votes = sessions.map(sessionVotes);
  const total: Record<Language, number> = { en: 0, de: 0, fr: 0 };
  for (const v of votes) for (const lang of LANGUAGES) total[lang] += v[lang];
  const event = LANGUAGES.reduce((best, lang) => (total[lang] > total[best] ? lang : best), 'en' as Language);
  return { sessions: votes.map((v) => winner(v) ?? event), event };
}

/** A session's language at an event whose language is `event` (see sessionLanguages). */
export function sessionLanguage(session: { title: string; notes?: string }, event: Language): Language {
  return winner(sessionVotes(session)) ?? event;
}

function sessionVotes(session: { title: string; notes?: string }): Record<Language, number> {
  return languageVotes(words(`${session.title} ${(session.notes ?? '').slice(0, LANGUAGE_SAMPLE_CHARS)}`));
}

function cjkBigrams(word: string): string[] {
  const chars = [...word];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => `${chars[i]}${c}`);
}

/** A topic term: its stem (what is compared) and the word it came from (what is shown). */
export interface Term {
  stem: string;
  word: string;
}

/** Topic terms of a text, in order, with repeats (broad stopword lists: for labels). */
export function terms(text: string | null | undefined, language?: Language): Term[] {
  return termsIgnoring(text, () => IGNORED_WORDS, language);
}

/**
 * Terms for overlap evidence: only function and format words are dropped, so content words
 * of the broad English stopword list ("open", "web", "HTML", "research") still count
 * (EVIDENCE_STOPWORDS in stopwords.ts).
 */
export function evidenceTerms(text: string | null | undefined, language?: Language): Term[] {
  return termsIgnoring(text, (lang) => EVIDENCE_STOPWORDS[lang], language);
}

function termsIgnoring(
  text: string | null | undefined,
  ignoredIn: (language: Language) => ReadonlySet<string>,
  language?: Language,
): Term[] {
  if (!text) return [];
  const textWords = words(text);
  const lang = language ?? guessLanguage(textWords);
  const ignored = ignoredIn(lang);
  const out: Term[] = [];
  for (const word of textWords) {
    if (CJK.test(word)) {
      out.push(...cjkBigrams(word).map((bigram) => ({ stem: bigram, word: bigram })));
      continue;
    }
    if (word.length < 2 || /^\d+$/.test(word) || ignored.has(word)) continue;
    const stem = stemOf(word, lang);
    if (stem.length >= 2 && !IGNORED_STEMS[lang].has(stem)) out.push({ stem, word });
  }
  return out;
}

/** Stems of the topic terms of a text, in order, with repeats. */
export function tokenize(text: string | null | undefined, language?: Language): string[] {
  return terms(text, language).map((t) => t.stem);
}
