import { beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/db/schema";
import { mcnemar } from "@/lib/stats";
import { compareBenchmarks } from "@/lib/services/compare/benchmark-correlation";
import { getBoard } from "@/lib/services/compare/board";
import { compareRuns } from "@/lib/services/compare/compare-runs";
import { sampleDiff } from "@/lib/services/compare/sample-diff";
import { setRunSharing } from "@/lib/services/comments/sharing";
import { createModel, updateModel } from "@/lib/services/models/manage-models";
import { createVersion } from "@/lib/services/models/manage-versions";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { syntheticRun } from "../../helpers/synthetic-run";

describe("run comparison and per-sample diff", () => {
  const db = freshDb();
  const user = insertUser(db, "member");
  const ctx = ctxFor(user);
  let base = 0;
  let other = 0;
  let disjoint = 0;

  beforeAll(async () => {
    // Known flips on 1000 docs: base right on even ids, other right on multiples of 3.
    base = await syntheticRun(db, { createdById: user.id, model: "a", tasks: [{ task: "t", docs: 1000, correct: (i) => i % 2 === 0 }, { task: "u", docs: 50, correct: () => true }] });
    other = await syntheticRun(db, { createdById: user.id, model: "b", tasks: [{ task: "t", docs: 1000, correct: (i) => i % 3 === 0, taskVersion: 2 }], lmmsEvalVersion: "main@newer" });
    disjoint = await syntheticRun(db, { createdById: user.id, model: "c", tasks: [{ task: "z", docs: 10, correct: () => true }] });
  });

  it("counts both-right / both-wrong / fixed / broken with one join, and pages a bucket", () => {
    const diff = sampleDiff({ db, ctx, input: { base, other, task: "t" } });
    expect(diff.counts).toMatchObject({ shared: 1000, both_right: 167, both_wrong: 333, fixed: 167, broken: 333, unscored: 0, onlyBase: 0, onlyOther: 0 });
    const page = sampleDiff({ db, ctx, input: { base, other, task: "t", bucket: "fixed", limit: 100 } });
    expect(page.items).toHaveLength(100);
    expect(page.items.every((s) => s.docId % 3 === 0 && s.docId % 2 === 1 && s.base.correct === false && s.other.correct === true)).toBe(true);
    const next = sampleDiff({ db, ctx, input: { base, other, task: "t", bucket: "fixed", limit: 100, cursor: page.nextCursor } });
    expect(next.items[0].docId).toBeGreaterThan(page.items[99].docId);
  });

  it("aligns metrics, tests them paired (McNemar on the shared samples), corrects with Holm and warns on version changes", () => {
    const result = compareRuns({ db, ctx, input: { runs: `${base},${other}`, reference: base } });
    const row = result.rows.find((r) => r.task === "t")!;
    const cell = row.cells[1]!;
    const expected = mcnemar(333, 167);
    expect(cell.test).toMatchObject({ kind: "mcnemar", sharedSamples: 1000, test: expected.test });
    expect(cell.test!.pValue).toBeCloseTo(expected.pValue, 12);
    expect(cell.delta).toBeCloseTo(0.334 - 0.5, 10);
    expect(cell).toMatchObject({ significant: true, direction: "worse" });
    expect(row.warnings.join(" ")).toMatch(/different task versions.*different lmms-eval versions/);
    expect(result.configDiff.map((d) => d.field)).toEqual(expect.arrayContaining(["backend", "tasks", "lmms-eval"]));
    // Task "u" exists only in the base run: not a comparable row.
    expect(result.rows.some((r) => r.task === "u")).toBe(false);
    // Seen again (paired tests reused) it is the same comparison; the other way round, the other direction.
    expect(compareRuns({ db, ctx, input: { runs: `${base},${other}`, reference: base } })).toEqual(result);
    const reversed = compareRuns({ db, ctx, input: { runs: `${base},${other}`, reference: other } }).rows.find((r) => r.task === "t")!;
    expect(reversed.cells[0]!.test).toMatchObject({ kind: "mcnemar", note: `167 samples right only in #${other}, 333 only in #${base}` });
  });

  it("runs that share no task give a clear empty state; running runs are excluded", () => {
    expect(compareRuns({ db, ctx, input: { runs: `${base},${disjoint}` } }).emptyReason).toBe("These runs share no task: there is nothing to compare.");
    const running = db.insert(runs).values({ status: "running", model: "x", tasks: ["t"], params: {}, createdById: user.id }).returning().get();
    const result = compareRuns({ db, ctx, input: { runs: `${base},${other},${running.id}` } });
    expect(result.excluded).toEqual([{ runId: running.id, reason: "still running: compared once it finishes" }]);
    expect(() => compareRuns({ db, ctx, input: { runs: `${base}` } })).toThrow("choose at least two runs");
  });
});

describe("board and benchmark correlation", () => {
  const db = freshDb();
  const user = insertUser(db, "member");
  const ctx = ctxFor(user);
  const publisher = new RecordingPublisher();
  const versionIds: number[] = [];

  beforeAll(async () => {
    const model = createModel({ db, ctx, input: { name: "family" } });
    // Five versions with increasing accuracy on two benchmarks that rank them identically, and a third in reverse.
    for (let k = 0; k < 5; k++) {
      const v = createVersion({ db, ctx, input: { modelId: model.id, label: `v${k}`, backend: "synthetic", modelArgs: `step=${k}` }, publisher });
      versionIds.push(v.id);
      await syntheticRun(db, {
        createdById: user.id,
        modelVersionId: v.id,
        tasks: [
          { task: "bench_a", docs: 400, correct: (i) => i % 10 < 3 + k },
          { task: "bench_b", docs: 400, correct: (i) => i % 20 < 4 + k },
          { task: "bench_c", docs: 400, correct: (i) => i % 10 < 8 - k },
        ],
      });
    }
    // An older, worse run of v0 on bench_a: "latest" must not pick it, "best" must not either (it is worse).
    await syntheticRun(db, { createdById: user.id, modelVersionId: versionIds[0], tasks: [{ task: "bench_a", docs: 400, correct: (i) => i % 10 < 1 }], createdAt: new Date("2020-01-01") });
  });

  it("rows × benchmark columns with CIs, ranks, baseline deltas and significance; filters and sorting", () => {
    const board = getBoard({ db, ctx, input: { baseline: `v:${versionIds[0]}`, sort: "bench_a|exact_match|none", dir: "desc" } });
    expect(board.columns.map((c) => c.task)).toEqual(["bench_a", "bench_b", "bench_c"]);
    expect(board.rows.map((r) => r.label)).toEqual(["family v4", "family v3", "family v2", "family v1", "family v0"]);
    const a = "bench_a|exact_match|none";
    expect(board.rows.at(-1)!.cells[a].value).toBeCloseTo(0.3, 10);
    const best = board.rows[0].cells[a];
    expect(best).toMatchObject({ rank: 1, significant: true, direction: "better" });
    expect(best.delta).toBeCloseTo(0.4, 10);
    expect(best.ci![0]).toBeLessThan(0.7);
    expect(board.rows.at(-1)!.cells[a].delta).toBeNull();
    const c = board.rows[0].cells["bench_c|exact_match|none"];
    expect(c.direction).toBe("worse");
    // Neighbouring versions differ by 0.1 with stderr ≈ 0.024: CIs do not overlap, so no ties here; equal values tie.
    expect(new Set(board.rows.map((r) => r.cells[a].rank)).size).toBe(5);
    expect(getBoard({ db, ctx, input: { columns: a, q: "v2" } }).rows.map((r) => r.label)).toEqual(["family v2"]);
    expect(getBoard({ db, ctx, input: { rows: "model" } }).rows.map((r) => r.label)).toEqual(["family"]);
    expect(board.test).toMatch(/Holm/);
    // Another order of the same board (computed once, re-sorted) leaves the first one as it was.
    const ascending = getBoard({ db, ctx, input: { baseline: `v:${versionIds[0]}`, sort: a, dir: "asc" } });
    expect(ascending.rows.map((r) => r.label)).toEqual(["family v0", "family v1", "family v2", "family v3", "family v4"]);
    expect(board.rows.map((r) => r.label)).toEqual(["family v4", "family v3", "family v2", "family v1", "family v0"]);
    expect(getBoard({ db, ctx, input: { baseline: `v:${versionIds[2]}` } }).rows[0].label).toBe("family v2");
  });

  it("benchmark correlation: identical rankings, reversed rankings, and too few models", () => {
    const same = compareBenchmarks({ db, ctx, input: { a: "bench_a|exact_match|none", b: "bench_b|exact_match|none" } });
    expect(same.points).toHaveLength(5);
    expect(same.spearman!.statistic).toBeCloseTo(1, 10);
    expect(same.kendall!.statistic).toBeCloseTo(1, 10);
    expect(same.note).toBe("These two rank models almost identically (ρ=1.00, n=5) — one of them may be redundant for ranking.");
    const reversed = compareBenchmarks({ db, ctx, input: { a: "bench_a|exact_match|none", b: "bench_c|exact_match|none" } });
    expect(reversed.spearman!.statistic).toBeCloseTo(-1, 10);
    expect(reversed.note).toMatch(/in opposite order/);
    expect(() => compareBenchmarks({ db, ctx, input: { a: "nope|x|none", b: "bench_a|exact_match|none" } })).toThrow(/unknown benchmark/);
  });

  it("a cached board never outlives what it shows: new results, renamed models and private runs show at once", async () => {
    const a = "bench_a|exact_match|none";
    const v0 = () => getBoard({ db, ctx, input: { columns: a } }).rows.find((r) => r.versionId === versionIds[0])!;
    expect(v0().cells[a].value).toBeCloseTo(0.3, 10);
    const newer = await syntheticRun(db, { createdById: user.id, modelVersionId: versionIds[0], tasks: [{ task: "bench_a", docs: 400, correct: (i) => i % 10 < 9 }] });
    expect(v0().cells[a]).toMatchObject({ runId: newer });

    const modelId = v0().modelId!;
    updateModel({ db, ctx, input: { modelId, name: "renamed" } });
    expect(v0().label).toBe("renamed v0");

    // The newer run made private by its owner: another member's board falls back to the run they can see.
    const other = ctxFor(insertUser(db, "member"));
    setRunSharing({ db, ctx, runId: newer, input: { visibility: "private", members: [] }, publisher });
    const seenByOther = getBoard({ db, ctx: other, input: { columns: a } }).rows.find((r) => r.versionId === versionIds[0])!;
    expect(seenByOther.cells[a].value).toBeCloseTo(0.3, 10);
    expect(v0().cells[a]).toMatchObject({ runId: newer });
  });
});
