import { describe, expect, it } from "vitest";
import { EMPTY_VIEW, exportHref, parseSamplesView, samplesQuery, showModeOf, showModePatch, toSampleFilter, updateView } from "@/lib/results-view/samples-url";

describe("samples view in the URL", () => {
  it("parses Next's searchParams and URLSearchParams alike, dropping bad values", () => {
    expect(parseSamplesView({ task: "mme", correct: "false", failed: "maybe", q: "  frog  ", doc: "12", cursor: "40", category: "OCR" })).toEqual({
      task: "mme",
      correct: "false",
      failed: "any",
      category: "OCR",
      label: null,
      q: "frog",
      doc: 12,
      cursor: 40,
    });
    expect(parseSamplesView(new URLSearchParams("task=a&task=b&doc=-3&cursor=1e3"))).toEqual({ ...EMPTY_VIEW, task: "a" });
    expect(parseSamplesView({ doc: "abc", cursor: "-1", q: "   " })).toEqual({ ...EMPTY_VIEW, cursor: -1 });
  });

  it("round-trips through the query string with defaults omitted", () => {
    const state = { ...EMPTY_VIEW, task: "ai2d", correct: "false" as const, q: "a&b=c", cursor: 49 };
    const query = samplesQuery(state);
    expect(query).toBe("?task=ai2d&correct=false&q=a%26b%3Dc&cursor=49");
    expect(parseSamplesView(new URLSearchParams(query.slice(1)))).toEqual(state);
    expect(samplesQuery(EMPTY_VIEW)).toBe("");
  });

  it("starts again at page one when a filter changes, and drops task-bound state with the task", () => {
    const state = { ...EMPTY_VIEW, task: "mme", category: "OCR", doc: 5, cursor: 99 };
    expect(updateView(state, { q: "cat" })).toMatchObject({ q: "cat", cursor: null, category: "OCR", doc: 5 });
    expect(updateView(state, { cursor: 150 })).toMatchObject({ cursor: 150, category: "OCR" });
    expect(updateView(state, { task: "ai2d" })).toMatchObject({ task: "ai2d", category: null, doc: null, cursor: null });
    expect(updateView(state, { task: "mme" })).toMatchObject({ category: "OCR", doc: 5, cursor: null });
  });

  it("keeps a comment-label filter in the URL, the page filter and the export; unknown labels are dropped", () => {
    const state = parseSamplesView(new URLSearchParams("task=mme&label=label+error"));
    expect(state.label).toBe("label error");
    expect(parseSamplesView(new URLSearchParams("label=<script>")).label).toBeNull();
    expect(samplesQuery(state)).toBe("?task=mme&label=label+error");
    expect(toSampleFilter(state, "mme", 50)).toMatchObject({ label: "label error" });
    expect(exportHref(7, state, "mme", "jsonl")).toContain("label=label+error");
  });

  it("maps the show control to the correct/failed filters and back", () => {
    for (const mode of ["all", "correct", "incorrect", "failed"] as const) expect(showModeOf(showModePatch(mode))).toBe(mode);
    expect(showModePatch("incorrect")).toEqual({ correct: "false", failed: "any" });
  });

  it("builds the service filter and the export link from the view", () => {
    const state = { ...EMPTY_VIEW, task: "mme", correct: "false" as const, q: "python code", doc: 3, cursor: 10 };
    expect(toSampleFilter(state, "mme", 50)).toEqual({ task: "mme", correct: "false", failed: "any", q: "python code", docId: 3, cursor: 10, limit: 50 });
    // The export is the whole filtered view: no cursor, no page size.
    expect(exportHref(7, state, "mme", "csv")).toBe("/api/v1/runs/7/samples/export?format=csv&task=mme&correct=false&q=python+code&docId=3");
  });
});
