import { describe, expect, it } from "vitest";
import {
  boardQueryString,
  DEFAULT_BOARD_VIEW,
  nextSort,
  parseBoardView,
  toBoardInput,
  withChosenRuns,
  withColumns,
  withMode,
  withoutRowRuns,
  withRowRun,
} from "@/lib/compare-view/board-url";
import { BoardQuery } from "@/lib/services/compare/board";

describe("parseBoardView", () => {
  it("reads every field", () => {
    expect(
      parseBoardView({ rows: "model", mode: "best", columns: "mme|score|none,ai2d|exact_match|flexible-extract", baseline: "v:3", requireAll: "1", sort: "mme|score|none", dir: "asc", q: " qwen " }),
    ).toEqual({
      rows: "model",
      mode: "best",
      runs: [],
      versions: [],
      tasks: [],
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

  it("reads a comparison batch's link: its versions and tasks filter the board", () => {
    const url = new URL("http://x/compare?versions=4,5&tasks=mme%2Cai2d&baseline=v:4");
    expect(parseBoardView(Object.fromEntries(url.searchParams))).toEqual({ ...DEFAULT_BOARD_VIEW, versions: [4, 5], tasks: ["mme", "ai2d"], baseline: "v:4" });
  });

  it("keeps only positive integer ids and distinct task names", () => {
    expect(parseBoardView({ versions: "3, 1,abc,3,-2,0,1.5,99999999999999999", tasks: " mme, ai2d,,mme " })).toMatchObject({ versions: [3, 1], tasks: ["mme", "ai2d"] });
  });

  it("chosen runs: `runs` alone means mode runs; a run named twice keeps its last place; latest/best drop them", () => {
    expect(parseBoardView({ runs: "7,3,x,7" })).toMatchObject({ mode: "runs", runs: [3, 7] });
    // A link written as `pick=runs&runs=…` works too: the runs decide.
    expect(parseBoardView({ pick: "runs", runs: "1,2" })).toMatchObject({ mode: "runs", runs: [1, 2] });
    expect(parseBoardView({ mode: "best", runs: "1" })).toMatchObject({ mode: "best", runs: [] });
    expect(parseBoardView({ mode: "runs" })).toMatchObject({ mode: "runs", runs: [] });
    expect(parseBoardView({ mode: "nonsense", runs: "5" })).toMatchObject({ mode: "runs", runs: [5] });
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

  it("round-trips filters and chosen runs; chosen runs are just ?runs=…", () => {
    const view = { ...DEFAULT_BOARD_VIEW, rows: "model" as const, mode: "runs" as const, runs: [9, 2], versions: [4, 5], tasks: ["mme", "a b"], baseline: "m:1" };
    const qs = boardQueryString(view);
    expect(qs).toBe("?rows=model&runs=9,2&versions=4,5&tasks=mme,a%20b&baseline=m%3A1");
    expect(parseBoardView(Object.fromEntries(new URLSearchParams(qs)))).toEqual(view);
    expect(boardQueryString({ ...DEFAULT_BOARD_VIEW, mode: "runs" })).toBe("?mode=runs");
    expect(parseBoardView(Object.fromEntries(new URLSearchParams("mode=runs")))).toEqual({ ...DEFAULT_BOARD_VIEW, mode: "runs" });
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
    expect(BoardQuery.parse(toBoardInput(DEFAULT_BOARD_VIEW))).toMatchObject({ columns: [], requireAll: false, baseline: undefined, q: undefined, runs: [], versions: [], tasks: [] });
  });

  it("passes filters and chosen runs through, runs only in mode runs", () => {
    const view = parseBoardView({ runs: "3,7", versions: "4,5", tasks: "mme,ai2d" });
    expect(BoardQuery.parse(toBoardInput(view))).toMatchObject({ mode: "runs", runs: [3, 7], versions: [4, 5], tasks: ["mme", "ai2d"] });
    expect(BoardQuery.parse(toBoardInput({ ...view, mode: "best" }))).toMatchObject({ mode: "best", runs: [] });
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

describe("chosen runs", () => {
  const chosen = { ...DEFAULT_BOARD_VIEW, mode: "runs" as const, runs: [1, 5, 9] };
  it("latest/best forget the runs; choosing starts from the given ones", () => {
    expect(withMode(chosen, "best")).toEqual({ ...DEFAULT_BOARD_VIEW, mode: "best" });
    expect(withChosenRuns(DEFAULT_BOARD_VIEW, [4, 2, 4])).toEqual({ ...DEFAULT_BOARD_VIEW, mode: "runs", runs: [2, 4] });
  });
  it("swapping a row's run keeps its place and drops the row's other named runs", () => {
    // Row of runs 5, 6 and 9: run 6 takes the place of 5; 9 (replaced on the board anyway) goes.
    expect(withRowRun(chosen, [5, 6, 9], 6).runs).toEqual([1, 6]);
    // A row not named yet is appended.
    expect(withRowRun(chosen, [20, 21], 21).runs).toEqual([1, 5, 9, 21]);
    // From latest: the row becomes the only chosen one.
    expect(withRowRun(DEFAULT_BOARD_VIEW, [20, 21], 20)).toMatchObject({ mode: "runs", runs: [20] });
  });
  it("removing a row drops every run of it", () => {
    expect(withoutRowRuns(chosen, [5, 6, 9]).runs).toEqual([1]);
  });
});
