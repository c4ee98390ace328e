import { describe, expect, it } from "vitest";
import { boardQueryString, DEFAULT_BOARD_VIEW, nextSort, parseBoardView, toBoardInput, withColumns } from "@/lib/compare-view/board-url";
import { BoardQuery } from "@/lib/services/compare/board";

describe("parseBoardView", () => {
  it("reads every field", () => {
    expect(
      parseBoardView({ rows: "model", mode: "best", columns: "mme|score|none,ai2d|exact_match|flexible-extract", baseline: "v:3", requireAll: "1", sort: "mme|score|none", dir: "asc", q: " qwen " }),
    ).toEqual({
      rows: "model",
      mode: "best",
      columns: ["mme|score|none", "ai2d|exact_match|flexible-extract"],
      baseline: "v:3",
      requireAll: true,
      sort: "mme|score|none",
      dir: "asc",
      q: "qwen",
    });
  });

  it("falls back to defaults field by field on a hand-edited URL", () => {
    expect(parseBoardView({})).toEqual(DEFAULT_BOARD_VIEW);
    expect(parseBoardView({ rows: "runs", mode: "worst", dir: "up", columns: "nopipe,a|b|c,a|b|c", requireAll: "yes" })).toEqual({ ...DEFAULT_BOARD_VIEW, columns: ["a|b|c"] });
    expect(parseBoardView({ rows: ["model", "version"] }).rows).toBe("model");
  });
});

describe("boardQueryString", () => {
  it("leaves defaults out and round-trips", () => {
    expect(boardQueryString(DEFAULT_BOARD_VIEW)).toBe("");
    const view = { ...DEFAULT_BOARD_VIEW, columns: ["a b|m|f", "x|y|z"], baseline: "r:standin|pretrained=org/a,x=1", sort: "x|y|z", dir: "asc" as const, q: "a&b" };
    const qs = boardQueryString(view);
    expect(qs).toBe("?columns=a%20b|m|f,x|y|z&baseline=r%3Astandin%7Cpretrained%3Dorg%2Fa%2Cx%3D1&sort=x|y|z&dir=asc&q=a%26b");
    expect(parseBoardView(Object.fromEntries(new URLSearchParams(qs)))).toEqual(view);
  });

  it("drops dir when there is no sort", () => {
    expect(boardQueryString({ ...DEFAULT_BOARD_VIEW, dir: "asc" })).toBe("");
  });
});

describe("toBoardInput", () => {
  it("is accepted by the service's schema as is", () => {
    const view = parseBoardView({ rows: "model", columns: "a|b|c", requireAll: "1", baseline: "m:1", sort: "a|b|c", q: "x" });
    const parsed = BoardQuery.parse(toBoardInput(view));
    expect(parsed).toMatchObject({ rows: "model", columns: ["a|b|c"], requireAll: true, baseline: "m:1", sort: "a|b|c", dir: "desc", q: "x" });
    expect(BoardQuery.parse(toBoardInput(DEFAULT_BOARD_VIEW))).toMatchObject({ columns: [], requireAll: false, baseline: undefined, q: undefined });
  });
});

describe("nextSort", () => {
  const acc = { key: "a|acc|none", higherIsBetter: true };
  const err = { key: "b|wer|none", higherIsBetter: false };
  it("cycles best-first → reverse → default", () => {
    const one = nextSort(DEFAULT_BOARD_VIEW, acc);
    expect(one).toMatchObject({ sort: acc.key, dir: "desc" });
    const two = nextSort(one, acc);
    expect(two).toMatchObject({ sort: acc.key, dir: "asc" });
    expect(nextSort(two, acc)).toMatchObject({ sort: null, dir: "desc" });
  });
  it("puts the best first for lower-is-better metrics too", () => {
    expect(nextSort(DEFAULT_BOARD_VIEW, err)).toMatchObject({ sort: err.key, dir: "asc" });
    expect(nextSort(nextSort(DEFAULT_BOARD_VIEW, err), err)).toMatchObject({ dir: "desc" });
  });
  it("switching column starts again at best-first", () => {
    expect(nextSort({ ...DEFAULT_BOARD_VIEW, sort: acc.key, dir: "asc" }, err)).toMatchObject({ sort: err.key, dir: "asc" });
  });
});

describe("withColumns", () => {
  const all = ["a|m|f", "b|m|f", "c|m|f"];
  it("stores 'all' as no selection and keeps the board's order", () => {
    expect(withColumns(DEFAULT_BOARD_VIEW, ["c|m|f", "a|m|f"], all).columns).toEqual(["a|m|f", "c|m|f"]);
    expect(withColumns(DEFAULT_BOARD_VIEW, [...all].reverse(), all).columns).toEqual([]);
  });
  it("drops a sort on a column no longer shown", () => {
    expect(withColumns({ ...DEFAULT_BOARD_VIEW, sort: "b|m|f", dir: "asc" }, ["a|m|f"], all)).toMatchObject({ sort: null, dir: "desc" });
    expect(withColumns({ ...DEFAULT_BOARD_VIEW, sort: "a|m|f", dir: "asc" }, ["a|m|f"], all)).toMatchObject({ sort: "a|m|f", dir: "asc" });
  });
});
