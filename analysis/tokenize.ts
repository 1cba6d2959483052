/**
 * Turns free text into topic terms: lower-cased, stopwords and format words removed, stemmed
 * with the Porter stemmer of the text's guessed language (English, German or French).
 * CJK runs have no spaces, so they become overlapping character bigrams instead.
 */
import { FORMAT_WORDS_ALL, IGNORED_WORDS, LANGUAGES, STOPWORDS, type Language } from "./stopwords";

interface Stemmer {
  stem(word: string): string;
}

// Submodule imports on purpose: require("natural") loads database drivers and prints to stdout.
/* eslint-disable @typescript-eslint/no-require-imports */
const STEMMERS: Record<Language, Stemmer> = {
  en: require("natural/lib/natural/stemmers/porter_stemmer") as Stemmer,
  de: require("natural/lib/natural/stemmers/porter_stemmer_de") as Stemmer,
  fr: require("natural/lib/natural/stemmers/porter_stemmer_fr") as Stemmer,
};
/* eslint-enable @typescript-eslint/no-require-imports */

const IGNORED_STEMS: ReadonlySet<string> = new Set(
  LANGUAGES.flatMap((lang) => FORMAT_WORDS_ALL.map((w) => STEMMERS[lang].stem(w))),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/u;
/** Longest word considered; longer "words" are URLs, hashes or noise. */
const MAX_WORD_LENGTH = 40;

/** Words of a text, lower-cased and NFKC-normalised, with English possessives and elisions dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    // "council's" → "council", "l'accessibilité" → "accessibilité"
    const parts = match[0].split(/['’]/);
    const word = parts.length === 2 && (parts[0] ?? "").length <= 2 ? (parts[1] ?? "") : (parts[0] ?? "");
    if (word.length > 0 && word.length <= MAX_WORD_LENGTH) out.push(word);
  }
  return out;
}

/** The language whose stopwords the words use most; English when nothing tells. */
export function guessLanguage(textWords: readonly string[]): Language {
  let best: Language = "en";
  let bestHits = 0;
  for (const lang of LANGUAGES) {
    const hits = textWords.reduce((n, w) => n + (STOPWORDS[lang].has(w) ? 1 : 0), 0);
    if (hits > bestHits) {
      best = lang;
      bestHits = hits;
    }
  }
  return best;
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

/** Topic terms of a text, in order, with repeats. */
export function terms(text: string | null | undefined, language?: Language): Term[] {
  if (!text) return [];
  const textWords = words(text);
  const stemmer = STEMMERS[language ?? guessLanguage(textWords)];
  const out: Term[] = [];
  for (const word of textWords) {
    if (CJK.test(word)) {
      out.push(...cjkBigrams(word).map((bigram) => ({ stem: bigram, word: bigram })));
      continue;
    }
    if (word.length < 2 || /^\d+$/.test(word) || IGNORED_WORDS.has(word)) continue;
    const stem = stemmer.stem(word);
    if (stem.length >= 2 && !IGNORED_STEMS.has(stem)) out.push({ stem, word });
  }
  return out;
}

/** Stems of the topic terms of a text, in order, with repeats. */
export function tokenize(text: string | null | undefined, language?: Language): string[] {
  return terms(text, language).map((t) => t.stem);
}
