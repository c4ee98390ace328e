import { describe, expect, it } from "vitest";
import { excerptAround, highlightSegments, searchTerms } from "@/lib/results-view/highlight";

const marked = (text: string, q: string) =>
  highlightSegments(text, searchTerms(q))
    .map((s) => (s.match ? `[${s.text}]` : s.text))
    .join("");

describe("search highlighting", () => {
  it("splits the query like the server's FTS query does", () => {
    expect(searchTerms('frog "life cycle" OR c++')).toEqual(["cycle", "frog", "life", "or", "c"]);
    expect(searchTerms("  ")).toEqual([]);
    expect(searchTerms(null)).toEqual([]);
  });

  it("marks word prefixes, case-insensitively, never inside words", () => {
    expect(marked("The life cycle of a Frog: froglet, bullfrog.", "frog")).toBe("The life cycle of a [Frog]: [frog]let, bullfrog.");
    expect(marked("Größe und größer", "GRÖ")).toBe("[Grö]ße und [grö]ßer");
    expect(marked("a.b (c) [d]", "c")).toBe("a.b ([c]) [d]");
  });

  it("leaves text alone without terms and survives regex characters", () => {
    expect(highlightSegments("plain", [])).toEqual([{ text: "plain", match: false }]);
    expect(highlightSegments("", ["x"])).toEqual([]);
    expect(marked("x$^ y", "$^")).toBe("x$^ y");
  });

  it("excerpts around the first hit in long text", () => {
    const text = `${"lorem ipsum ".repeat(30)}the mantle is here ${"dolor ".repeat(30)}`;
    const excerpt = excerptAround(text, ["mantle"], 60);
    expect(excerpt).toContain("mantle");
    expect(excerpt.startsWith("…")).toBe(true);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(excerptAround("short\n text", ["x"])).toBe("short text");
    expect(excerptAround("a".repeat(200), [], 10)).toBe(`${"a".repeat(10)}…`);
  });
});
