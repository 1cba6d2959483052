/**
 * Words that carry no topic: generic stopwords (stopwords-iso, English, German, French) plus
 * session-format words. Format words ("workshop", "BoF", "Q&A") appear in many pitches of any
 * event and were a main source of false alarms on real grids, so they never count as evidence.
 */
import stopwordsIso from "stopwords-iso/stopwords-iso.json";

export type Language = "en" | "de" | "fr";
export const LANGUAGES: readonly Language[] = ["en", "de", "fr"];

export const FORMAT_WORDS: Readonly<Record<Language, readonly string[]>> = {
  en: [
    "session", "sessions", "talk", "talks", "discussion", "discuss", "workshop", "bof", "sprint",
    "meetup", "intro", "introduction", "qa", "ama", "panel", "lightning", "demo", "hands",
    "hackathon", "hack", "unconference", "barcamp", "pitch", "roundtable", "round", "table", "chat",
    "conversation", "breakout", "space", "lets", "let", "make", "making", "get", "getting", "use",
    "using", "new", "way", "ways", "people", "thing", "things", "idea", "ideas", "share", "sharing",
    "learn", "learning", "build", "building", "part", "day", "question", "questions", "good", "bad",
    "better", "best", "really", "need", "want", "help", "tips", "tricks", "basics", "beyond",
    "everything", "stuff", "lot", "lots", "anyone", "everyone", "together", "practice", "practices",
    // framings of a title rather than its topic: "Getting started with…", "Lessons learned from…"
    "start", "started", "starting", "future", "lesson", "lessons", "learned", "learnt", "myth",
    "myths", "update", "updates", "overview", "deep", "dive", "story", "stories", "case", "study",
    "studies", "experience", "experiences",
    // level and format of a session, not its topic: "… for beginners", "Brainstorm: …"
    "beginner", "beginners", "newbie", "newbies", "advanced", "primer", "crash", "course",
    "fishbowl", "brainstorm", "brainstorming", "kickoff", "showcase", "ask", "anything", "forum",
    "clinic", "hangout", "jam",
    // generic verbs, adverbs and quantifiers (the short function-word list lacks them)
    "run", "running", "runs", "work", "working", "works", "worked", "find", "finding", "keep",
    "keeping", "look", "looking", "try", "trying", "tried", "know", "knowing", "think", "thinking",
    "go", "going", "goes", "gone", "doing", "done", "put", "give", "giving", "tell", "telling", "say",
    "saying", "move", "moving", "turn", "turning", "stop", "actually", "still", "just", "even",
    "ever", "always", "never", "anything", "something", "nothing", "maybe", "perhaps", "without",
    "within", "across", "around", "whether", "via", "per", "though", "although", "yet", "already",
    "almost", "enough", "quite", "rather", "whose", "someone", "nobody", "anybody", "else",
    "instead", "every", "either", "neither", "less", "whole", "able", "sure", "much", "many",
    "several", "certain", "seem", "seems",
  ],
  de: [
    "sitzung", "vortrag", "diskussion", "einführung", "austausch", "runde", "gesprächsrunde",
    "workshop", "session", "teil", "tag", "frage", "fragen", "neue", "neuen", "machen", "nutzen",
    "einsteiger", "anfänger", "grundlagen", "fortgeschrittene", "erfahrungsaustausch", "erfahrung",
    "erfahrungen", "fragerunde", "werkstatt", "impuls", "impulsvortrag", "vorstellung", "barcamp",
    "brainstorming", "praxis", "tipps", "tricks", "idee", "ideen", "zukunft", "gemeinsam", "thema",
    "themen",
  ],
  fr: [
    "atelier", "séance", "présentation", "échange", "échanges", "table", "ronde", "partie",
    "discussion", "introduction", "jour", "question", "questions", "nouveau", "nouvelle", "faire",
    "débutant", "débutants", "initiation", "retour", "retours", "expérience", "expériences",
    "rencontre", "débat", "conférence", "brainstorming", "idée", "idées", "astuces", "conseils",
    "pratique", "pratiques", "avenir", "futur", "ensemble", "sujet", "thème", "thèmes",
  ],
};

/** Format words of every language (stemmed in tokenize.ts, so "workshops" or "sprinting" are caught too). */
export const FORMAT_WORDS_ALL: readonly string[] = LANGUAGES.flatMap((lang) => FORMAT_WORDS[lang]);

const stopLists = stopwordsIso as unknown as Record<string, string[]>;

/** Stopwords per language, for language guessing: the language whose stopwords a text uses most. */
export const STOPWORDS: Record<Language, ReadonlySet<string>> = {
  en: new Set(stopLists.en ?? []),
  de: new Set(stopLists.de ?? []),
  fr: new Set(stopLists.fr ?? []),
};

/** Every word that never counts as topic evidence, in any supported language. */
export const IGNORED_WORDS: ReadonlySet<string> = new Set(
  LANGUAGES.flatMap((lang) => [...STOPWORDS[lang], ...FORMAT_WORDS[lang]]),
);

// Submodule import on purpose: require("natural") loads database drivers and prints to stdout.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NATURAL_ENGLISH = (require("natural/lib/natural/util/stopwords") as { words: string[] }).words;

/**
 * Closed-class English words natural's short list lacks: negations and the stems contractions
 * leave ("don't" → "don"), number words, and some conjunctions and prepositions.
 */
const ENGLISH_FUNCTION_EXTRA = [
  "not", "no", "nor", "don", "doesn", "didn", "isn", "aren", "wasn", "weren", "won", "wouldn",
  "couldn", "shouldn", "hasn", "haven", "hadn", "ain", "mustn", "needn", "us", "ok", "okay", "yes",
  "upon", "onto", "etc", "vs", "versus", "one", "two", "three", "four", "five", "six", "seven",
  "eight", "nine", "ten", "first", "second", "third", "whatever", "whoever", "however", "least",
  "often", "sometimes", "anyway", "along", "among", "against", "towards", "toward", "thus",
  "hence", "therefore", "unless", "whilst", "till", "whereas",
];
const ENGLISH_FUNCTION_WORDS = [...NATURAL_ENGLISH, ...ENGLISH_FUNCTION_EXTRA];

/**
 * What overlap evidence ignores in a text of each language: its function words, English function
 * words (titles mix languages) and the format words of every language. stopwords-iso's English
 * list (1,298 words, gathered from web text) also holds content words that real overlaps share
 * ("open", "web", "HTML", "research", "system", "test", "Microsoft", "information"), so English
 * uses the classic short list (natural's, 170 words: articles, pronouns, auxiliaries,
 * prepositions) and the event's IDF weighs everyday words down (measured in analysis/README.md).
 * The German and French stopwords-iso lists are function words and stay. Theme labels keep the
 * broad lists (`IGNORED_WORDS`): a label needs no "really" or "things".
 */
export const EVIDENCE_STOPWORDS: Record<Language, ReadonlySet<string>> = {
  en: new Set([...ENGLISH_FUNCTION_WORDS, ...FORMAT_WORDS_ALL]),
  de: new Set([...ENGLISH_FUNCTION_WORDS, ...STOPWORDS.de, ...FORMAT_WORDS_ALL]),
  fr: new Set([...ENGLISH_FUNCTION_WORDS, ...STOPWORDS.fr, ...FORMAT_WORDS_ALL]),
};
