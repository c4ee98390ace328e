import { describe, expect, it } from "vitest";
import { ansiSegments, highlightSegments, lineMatches, plainTextOf } from "@/lib/runs-view/ansi";

const LOGURU = "\x1b[32m2026-11-26 20:37:25\x1b[0m | \x1b[1mINFO    \x1b[0m | \x1b[36mlmms_eval.__main__\x1b[0m - \x1b[1mVerbosity set to INFO\x1b[0m";

describe("ansiSegments", () => {
  it("turns loguru's colours into styled segments without escape codes", () => {
    const segments = ansiSegments(LOGURU);
    expect(plainTextOf(segments)).toBe("2026-11-26 20:37:25 | INFO     | lmms_eval.__main__ - Verbosity set to INFO");
    expect(segments[0]).toMatchObject({ text: "2026-11-26 20:37:25", fg: "74, 222, 128", bold: false });
    expect(segments.find((s) => s.text === "INFO    ")).toMatchObject({ bold: true, fg: null });
    expect(segments.find((s) => s.text === "lmms_eval.__main__")).toMatchObject({ fg: "34, 211, 238" });
    expect(segments.some((s) => s.text.includes("\x1b"))).toBe(false);
  });

  it("keeps plain text as one segment and empty text as none", () => {
    expect(ansiSegments("plain <b>text</b>")).toEqual([{ text: "plain <b>text</b>", fg: null, bg: null, bold: false, dim: false, italic: false, underline: false }]);
    expect(ansiSegments("")).toEqual([]);
  });

  it("passes 256-colour values through and maps background colours too", () => {
    expect(ansiSegments("\x1b[38;5;208mo\x1b[0m")[0].fg).toBe("255, 135, 0");
    expect(ansiSegments("\x1b[41mbg\x1b[0m")[0]).toMatchObject({ bg: "248, 113, 113" });
  });
});

describe("search", () => {
  it("matches the visible text case-insensitively", () => {
    expect(lineMatches("Model Responding: 50%", "responding")).toBe(true);
    expect(lineMatches("Model Responding", "32m")).toBe(false);
    expect(lineMatches("anything", "")).toBe(true);
  });

  it("highlights every occurrence, across colour borders, keeping colours", () => {
    const segments = ansiSegments("\x1b[31mab\x1b[0mcab");
    const out = highlightSegments(segments, "bc");
    expect(out.map((s) => [s.text, s.match, s.fg])).toEqual([
      ["a", false, "248, 113, 113"],
      ["b", true, "248, 113, 113"],
      ["c", true, null],
      ["ab", false, null],
    ]);
    expect(highlightSegments(ansiSegments("aAa"), "a").map((s) => s.text)).toEqual(["a", "A", "a"]);
    expect(highlightSegments(ansiSegments("aAa"), "a").every((s) => s.match)).toBe(true);
  });

  it("leaves lines without a match whole", () => {
    const segments = ansiSegments("no hit here");
    expect(highlightSegments(segments, "zzz")).toEqual([{ ...segments[0], match: false }]);
    expect(highlightSegments(segments, "")).toEqual([{ ...segments[0], match: false }]);
  });

  it("keeps offsets right when lower-casing would change the length", () => {
    const out = highlightSegments(ansiSegments("İx target"), "target");
    expect(out.map((s) => [s.text, s.match])).toEqual([
      ["İx ", false],
      ["target", true],
    ]);
  });
});
