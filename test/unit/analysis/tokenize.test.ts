import { guessLanguage, tokenize, words } from "../../../analysis/tokenize";

describe("tokenize", () => {
  test("drops English stopwords and stems what is left", () => {
    expect(tokenize("Why can't the councils collaborate?")).toEqual(["council", "collabor"]);
  });

  test("drops session-format words such as workshop, BoF and Q&A", () => {
    expect(tokenize("GDPR workshop + BoF + Q&A session")).toEqual(["gdpr"]);
  });

  test("catches inflected format words after stemming", () => {
    expect(tokenize("Workshops and sprints on accessibility")).toEqual(["access"]);
  });

  test("stems German text with the German stemmer and drops German stopwords", () => {
    expect(tokenize("Die Zusammenarbeit der Verwaltungen")).toEqual(["zusammenarbeit", "verwalt"]);
  });

  test("drops French elisions and stopwords", () => {
    expect(tokenize("L'accessibilité des bibliothèques et des mairies")).toEqual(["accessibil", "bibliothequ", "mair"]);
  });

  test("turns CJK runs into character bigrams", () => {
    expect(tokenize("機械学習")).toEqual(["機械", "械学", "学習"]);
  });

  test("ignores emoji, bare numbers and punctuation", () => {
    expect(tokenize("🚀 2024 !!! — …")).toEqual([]);
  });

  test("returns nothing for empty, null or undefined text", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize(null)).toEqual([]);
    expect(tokenize(undefined)).toEqual([]);
  });

  test("skips absurdly long 'words' such as pasted hashes", () => {
    expect(tokenize(`${"x".repeat(200)} ransomware`)).toEqual(["ransomwar"]);
  });
});

describe("guessLanguage", () => {
  test("recognises English, German and French by their stopwords", () => {
    expect(guessLanguage(words("what is the future of the web"))).toBe("en");
    expect(guessLanguage(words("wie geht es mit der Verwaltung weiter und was nun"))).toBe("de");
    expect(guessLanguage(words("comment les villes et les régions partagent leurs données"))).toBe("fr");
  });

  test("falls back to English when no stopword tells", () => {
    expect(guessLanguage(words("Kubernetes"))).toBe("en");
  });
});
