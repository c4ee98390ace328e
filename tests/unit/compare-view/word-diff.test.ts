import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/stats";
import { sideOf, similarity, tokenize, wordDiff, type DiffSegment } from "@/lib/compare-view/word-diff";

const spell = (segments: DiffSegment[], side: "before" | "after") => sideOf(segments, side).map((s) => s.text).join("");

describe("tokenize", () => {
  it("splits words, whitespace runs and single punctuation marks", () => {
    expect(tokenize("The answer is B.")).toEqual(["The", " ", "answer", " ", "is", " ", "B", "."]);
    expect(tokenize("<think>x</think>B\n")).toEqual(["<", "think", ">", "x", "<", "/", "think", ">", "B", "\n"]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize("naïve 東京 x_1")).toEqual(["naïve", " ", "東京", " ", "x_1"]);
  });
});

describe("wordDiff", () => {
  it("says nothing changed for identical text", () => {
    expect(wordDiff("same text", "same text")).toEqual([{ op: "equal", text: "same text" }]);
    expect(wordDiff("", "")).toEqual([]);
  });

  it("handles one side empty", () => {
    expect(wordDiff("", "new words")).toEqual([{ op: "insert", text: "new words" }]);
    expect(wordDiff("old words", "")).toEqual([{ op: "delete", text: "old words" }]);
  });

  it("finds a replaced word and keeps the rest equal", () => {
    expect(wordDiff("The answer is B.", "The answer is C.")).toEqual([
      { op: "equal", text: "The answer is " },
      { op: "delete", text: "B" },
      { op: "insert", text: "C" },
      { op: "equal", text: "." },
    ]);
  });

  it("finds insertions and deletions in the middle", () => {
    expect(wordDiff("a b d", "a b c d")).toEqual([
      { op: "equal", text: "a b " },
      { op: "insert", text: "c " },
      { op: "equal", text: "d" },
    ]);
    expect(wordDiff("keep this please", "keep please")).toEqual([
      { op: "equal", text: "keep " },
      { op: "delete", text: "this " },
      { op: "equal", text: "please" },
    ]);
  });

  it("reads a multi-word rewrite as one phrase, not confetti of shared spaces", () => {
    expect(wordDiff("the cat sat down", "a dog sat down")).toEqual([
      { op: "delete", text: "the cat" },
      { op: "insert", text: "a dog" },
      { op: "equal", text: " sat down" },
    ]);
  });

  it("always spells both texts back exactly (random property test)", () => {
    const random = mulberry32(7);
    const words = ["A", "B", "the", "answer", "is", ".", " ", "\n", "x"];
    const text = () => Array.from({ length: Math.floor(random() * 30) }, () => words[Math.floor(random() * words.length)]).join(random() < 0.5 ? " " : "");
    for (let k = 0; k < 300; k++) {
      const a = text();
      const b = text();
      const d = wordDiff(a, b);
      expect(spell(d, "before")).toBe(a);
      expect(spell(d, "after")).toBe(b);
      // Merged: never two neighbours of the same kind.
      expect(d.every((s, i) => i === 0 || s.op !== d[i - 1].op)).toBe(true);
    }
  });

  it("keeps the common part maximal (LCS) on a known case", () => {
    const d = wordDiff("A B C B D A B", "B D C A B A");
    const equalWords = d.filter((s) => s.op === "equal").flatMap((s) => tokenize(s.text).filter((t) => t.trim()));
    expect(equalWords).toHaveLength(4);
  });

  it("stays fast and correct on long responses", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `w${i % 97}`).join(" ");
    const b = a.replace("w5 ", "CHANGED ");
    const started = performance.now();
    const d = wordDiff(a, b);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(spell(d, "after")).toBe(b);
    expect(d.filter((s) => s.op !== "equal")).toEqual([
      { op: "delete", text: "w5" },
      { op: "insert", text: "CHANGED" },
    ]);
  });
});

describe("very long texts", () => {
  it("fall back to one replacement of the differing middle, still spelling both sides", () => {
    const a = Array.from({ length: 2500 }, (_, i) => `w${i % 89}`).join(" ");
    const b = `START ${a.slice(0, -3)} END`;
    const d = wordDiff(a, b);
    expect(spell(d, "before")).toBe(a);
    expect(spell(d, "after")).toBe(b);
  });
});

describe("similarity", () => {
  it("is 1 for identical text, 0 for nothing shared, in between otherwise", () => {
    expect(similarity(wordDiff("a b c", "a b c"))).toBe(1);
    expect(similarity(wordDiff("a b", "c d"))).toBe(0);
    expect(similarity(wordDiff("a b c d", "a b x y"))).toBeCloseTo(0.5, 10);
    expect(similarity(wordDiff("", ""))).toBe(1);
  });
});
