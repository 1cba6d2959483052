import {
  createEmbedder,
  EMBEDDING_NOTES_CHARS,
  EMBEDDING_TITLE_CHARS,
  embeddingText,
  type Embedder,
} from "../../../analysis/embedder";

describe("embeddingText", () => {
  test("is the title alone when there are no notes", () => {
    expect(embeddingText({ title: "  Open data  " })).toBe("Open data");
  });

  test("cuts a pasted essay in the title field", () => {
    expect(embeddingText({ title: "x".repeat(10_000) })).toHaveLength(EMBEDDING_TITLE_CHARS);
  });

  test("appends the start of the notes, cut at a word boundary", () => {
    const text = embeddingText({ title: "T", notes: "word ".repeat(200) });
    expect(text.startsWith("T. word word")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(EMBEDDING_NOTES_CHARS + 3);
    expect(text.endsWith("word")).toBe(true);
  });
});

describe("createEmbedder (loads the model once for this file)", () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await createEmbedder();
  }, 60_000);

  test("returns one 512-dimensional vector per text, in order", async () => {
    const vectors = await embedder.embed(["Open data portals", "Kubernetes costs", ""]);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(512);
    }
  });

  test("gives identical vectors for identical texts", async () => {
    const [a, b] = await embedder.embed(["Digital inclusion", "Digital inclusion"]);
    expect(Array.from(a ?? [])).toEqual(Array.from(b ?? []));
  });

  test("copes with German, French, emoji and CJK", async () => {
    const vectors = await embedder.embed(["Zusammenarbeit der Verwaltungen", "L'accessibilité", "🎉", "機械学習"]);
    expect(vectors).toHaveLength(4);
  });
});
