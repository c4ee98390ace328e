import { describe, expect, it } from "vitest";
import { rawDiffersFromFiltered, responseView, scoreEntries, tokenTotals } from "@/lib/results-view/sample-fields";

describe("responses", () => {
  it("flattens single-instance lists and keeps per-choice lists", () => {
    expect(responseView("B")).toEqual({ kind: "text", text: "B" });
    expect(responseView([["B"]])).toEqual({ kind: "text", text: "B" });
    expect(responseView([["(-0.5, True)"], ["(-2.5, False)"]])).toEqual({ kind: "list", items: ["(-0.5, True)", "(-2.5, False)"] });
    expect(responseView(null)).toEqual({ kind: "empty" });
    expect(responseView([])).toEqual({ kind: "list", items: [] });
  });

  it("shows raw resps only when they differ from the filtered ones", () => {
    expect(rawDiffersFromFiltered("<think>Count.</think>B", "B")).toBe(true);
    expect(rawDiffersFromFiltered(null, "B")).toBe(false);
    expect(rawDiffersFromFiltered([["B"]], "B")).toBe(false);
    expect(rawDiffersFromFiltered("Yes\n", "Yes")).toBe(true);
  });
});

describe("scores", () => {
  it("reads numeric and dict scores (MME) with the score first", () => {
    expect(scoreEntries({ exact_match: 1.0 })).toEqual([{ metric: "exact_match", value: "1", numeric: 1, parts: [] }]);
    expect(scoreEntries({ mme_cognition_score: { question_id: "code/0020.png", category: "code_reasoning", score: 0.0 } })).toEqual([
      {
        metric: "mme_cognition_score",
        value: "0",
        numeric: 0,
        parts: [
          { key: "question_id", value: "code/0020.png" },
          { key: "category", value: "code_reasoning" },
        ],
      },
    ]);
    expect(scoreEntries({ anls: 0.73456, ok: true, note: null })).toEqual([
      { metric: "anls", value: "0.7346", numeric: 0.73456, parts: [] },
      { metric: "ok", value: "true", numeric: 1, parts: [] },
      { metric: "note", value: "—", numeric: null, parts: [] },
    ]);
  });
});

describe("tokenTotals", () => {
  it("sums requests and counts the unreported ones", () => {
    expect(tokenTotals([{ input_tokens: 10, output_tokens: 2, reasoning_tokens: 0 }, null, { input_tokens: 5, output_tokens: 1 }])).toEqual({
      input: 15,
      output: 3,
      reasoning: 0,
      requests: 3,
      unreported: 1,
    });
    expect(tokenTotals([null])).toEqual({ input: null, output: null, reasoning: null, requests: 1, unreported: 1 });
    expect(tokenTotals(null)).toEqual({ input: null, output: null, reasoning: null, requests: 0, unreported: 0 });
  });
});
