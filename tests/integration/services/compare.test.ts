import { beforeAll, describe, expect, it } from "vitest";
import { runMetrics, runs } from "@/db/schema";
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
    // McNemar on the discordant pairs (333 broken vs 167 fixed) travels with the counts, for the page and REST alike:
    // the run comparison's paired test on this task must agree with it.
    expect(diff.test).toEqual(mcnemar(333, 167));
    expect(diff.test!.pValue).toBe(compareRuns({ db, ctx, input: { runs: `${base},${other}`, reference: base } }).rows.find((r) => r.task === "t")!.cells[1]!.test!.pValue);
    expect(sampleDiff({ db, ctx, input: { base, other: base, task: "t" } }).test).toBeNull();
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

    // A benchmark only a private run has is not even an empty column (or a choice in the column chooser) for others.
    const secret = await syntheticRun(db, { createdById: user.id, modelVersionId: versionIds[1], tasks: [{ task: "secret_bench", docs: 10, correct: () => true }] });
    setRunSharing({ db, ctx, runId: secret, input: { visibility: "private", members: [] }, publisher });
    expect(getBoard({ db, ctx, input: {} }).allColumns.map((c) => c.task)).toContain("secret_bench");
    expect(getBoard({ db, ctx: other, input: {} }).allColumns.map((c) => c.task)).not.toContain("secret_bench");
  });
});

describe("board filters, chosen runs and version warnings", () => {
  const db = freshDb();
  const user = insertUser(db, "member");
  const ctx = ctxFor(user);
  const owner = insertUser(db, "member");
  const publisher = new RecordingPublisher();
  const x = "bench_x|exact_match|none";
  const y = "bench_y|exact_match|none";
  const v: number[] = [];
  let r0 = 0;
  let r0old = 0;
  let r1 = 0;
  let r2 = 0;
  let privateRun = 0;
  let loose = 0;

  beforeAll(async () => {
    const model = createModel({ db, ctx, input: { name: "fam" } });
    for (let k = 0; k < 3; k++) v.push(createVersion({ db, ctx, input: { modelId: model.id, label: `v${k}`, backend: "synthetic", modelArgs: `step=${k}` }, publisher }).id);
    const tasks = (xVersion: number, k: number) => [
      { task: "bench_x", docs: 200, correct: (i: number) => i % 10 < 3 + k, taskVersion: xVersion },
      { task: "bench_y", docs: 200, correct: (i: number) => i % 10 < 5 }, // equal everywhere: only versions can differ
    ];
    r0old = await syntheticRun(db, { createdById: user.id, modelVersionId: v[0], tasks: [{ task: "bench_x", docs: 200, correct: (i) => i % 10 < 1 }], lmmsEvalVersion: "0.3.0", createdAt: new Date("2020-01-01") });
    r0 = await syntheticRun(db, { createdById: user.id, modelVersionId: v[0], tasks: tasks(1, 0), lmmsEvalVersion: "0.3.0" });
    // v1 ran bench_x at task version 2: its column mixes task versions.
    r1 = await syntheticRun(db, { createdById: user.id, modelVersionId: v[1], tasks: tasks(2, 1), lmmsEvalVersion: "0.3.0" });
    // v2 ran with a newer lmms-eval: every column it is in mixes lmms-eval versions.
    r2 = await syntheticRun(db, { createdById: user.id, modelVersionId: v[2], tasks: tasks(1, 2), lmmsEvalVersion: "0.4.0" });
    // Someone else's private run of v1, newer and much better: never on this user's board, not even when named.
    privateRun = await syntheticRun(db, { createdById: owner.id, modelVersionId: v[1], tasks: [{ task: "bench_x", docs: 200, correct: () => true }], lmmsEvalVersion: "0.3.0" });
    setRunSharing({ db, ctx: ctxFor(owner), runId: privateRun, input: { visibility: "private", members: [] }, publisher });
    loose = await syntheticRun(db, { createdById: user.id, model: "loose", tasks: tasks(1, 0), lmmsEvalVersion: "0.3.0" });
  });

  const labels = (board: ReturnType<typeof getBoard>) => board.rows.map((r) => r.label);
  const sameItems = (a: string[], b: string[]) => expect([...a].sort()).toEqual([...b].sort());

  it("versions and tasks filters (a comparison batch's link) limit rows and columns, and are echoed with labels", () => {
    const everything = getBoard({ db, ctx, input: {} });
    sameItems(labels(everything), ["fam v0", "fam v1", "fam v2", "loose"]);

    const filtered = getBoard({ db, ctx, input: { versions: `${v[0]},${v[2]}`, tasks: "bench_y", sort: y } });
    sameItems(labels(filtered), ["fam v0", "fam v2"]);
    expect(filtered.columns.map((c) => c.key)).toEqual([y]);
    // The column chooser still lists every benchmark.
    expect(filtered.allColumns.map((c) => c.key)).toEqual([x, y]);
    expect(filtered.filters).toEqual({
      versions: [
        { id: v[0], label: "fam v0" },
        { id: v[2], label: "fam v2" },
      ],
      tasks: [{ name: "bench_y", columns: 1 }],
    });
    // Ranks and the baseline only see the rows left.
    expect(filtered.rows.map((r) => r.cells[y].rank)).toEqual([1, 1]);

    // Per model: the model's row pools only the filtered versions' runs (v2's is the latest).
    const pooled = getBoard({ db, ctx, input: { rows: "model", versions: `${v[0]},${v[2]}` } });
    expect(labels(pooled)).toEqual(["fam"]);
    expect(pooled.rows[0].cells[x].runId).toBe(r2);
    expect(pooled.rows[0].runs.map((r) => r.id).sort()).toEqual([r0old, r0, r2].sort());
    expect(getBoard({ db, ctx, input: { rows: "model" } }).rows.find((r) => r.label === "fam")!.cells[x].runId).toBe(r2);

    // A version without results and a task without results say so instead of vanishing.
    const empty = getBoard({ db, ctx, input: { versions: "999999", tasks: "nope" } });
    expect(empty.rows).toEqual([]);
    expect(empty.columns).toEqual([]);
    expect(empty.filters).toEqual({ versions: [{ id: 999999, label: null }], tasks: [{ name: "nope", columns: 0 }] });

    expect(() => getBoard({ db, ctx, input: { versions: "abc" } })).toThrow("versions must be model version ids");
    expect(() => getBoard({ db, ctx, input: { runs: "1,x" } })).toThrow("runs must be run ids");
  });

  it("chosen runs: each named run supplies its own row; the later of two on one row wins; private and unknown runs are not found", () => {
    // `runs` alone means mode "runs": v0 shows its old run (0.1 on bench_x), and only the benchmarks it has.
    const old = getBoard({ db, ctx, input: { runs: String(r0old) } });
    expect(labels(old)).toEqual(["fam v0"]);
    expect(old.rows[0].cells[x]).toMatchObject({ runId: r0old });
    expect(old.rows[0].cells[x].value).toBeCloseTo(0.1, 10);
    expect(old.columns.map((c) => c.key)).toEqual([x]);
    expect(old.chosenRuns).toEqual([{ runId: r0old, status: "shown", rowKey: `v:${v[0]}`, rowLabel: "fam v0", replacedBy: null }]);

    const board = getBoard({ db, ctx, input: { mode: "runs", runs: `${r0},${r1},${privateRun},${r0old},999999`, baseline: `v:${v[1]}` } });
    sameItems(labels(board), ["fam v0", "fam v1"]);
    const v0 = board.rows.find((r) => r.label === "fam v0")!;
    const v1 = board.rows.find((r) => r.label === "fam v1")!;
    // Named after r0, r0old wins v0's row; every cell of a row comes from its one run.
    expect(Object.values(v0.cells).map((c) => c.runId)).toEqual([r0old]);
    expect(Object.values(v1.cells).map((c) => c.runId)).toEqual([r1, r1]);
    expect(board.rows.flatMap((r) => Object.values(r.cells).map((c) => c.runId))).not.toContain(privateRun);
    expect(v1.runs.map((r) => r.id)).toEqual([r1]);
    expect(board.chosenRuns).toEqual([
      { runId: r0, status: "replaced", rowKey: `v:${v[0]}`, rowLabel: "fam v0", replacedBy: r0old },
      { runId: r1, status: "shown", rowKey: `v:${v[1]}`, rowLabel: "fam v1", replacedBy: null },
      // Someone else's private run reads exactly like a run that does not exist.
      { runId: privateRun, status: "not found", rowKey: null, rowLabel: null, replacedBy: null },
      { runId: r0old, status: "shown", rowKey: `v:${v[0]}`, rowLabel: "fam v0", replacedBy: null },
      { runId: 999999, status: "not found", rowKey: null, rowLabel: null, replacedBy: null },
    ]);
    // The baseline works run against run: v0's old 0.1 against v1's 0.4 on bench_x.
    expect(v0.cells[x].delta).toBeCloseTo(0.1 - 0.4, 10);
    expect(v0.cells[x]).toMatchObject({ significant: true, direction: "worse" });

    // The private run's owner sees it on their board when they name it.
    const owners = getBoard({ db, ctx: ctxFor(owner), input: { runs: String(privateRun) } });
    expect(owners.rows[0].cells[x]).toMatchObject({ runId: privateRun, value: 1 });

    // A filter that leaves a named run's row out says so.
    expect(getBoard({ db, ctx, input: { runs: `${r0},${r1}`, versions: String(v[0]) } }).chosenRuns.map((r) => r.status)).toEqual(["shown", "hidden"]);
    expect(getBoard({ db, ctx, input: { runs: `${r0},${r1}`, q: "v1" } }).chosenRuns.map((r) => r.status)).toEqual(["hidden", "shown"]);
    // Latest or best ignore `runs`; a baseline row that no chosen run supplies is no baseline.
    expect(getBoard({ db, ctx, input: { mode: "latest", runs: String(r0old) } })).toMatchObject({ chosenRuns: [] });
    expect(getBoard({ db, ctx, input: { mode: "latest", runs: String(r0old) } }).rows.find((r) => r.label === "fam v0")!.cells[x].runId).toBe(r0);
    expect(getBoard({ db, ctx, input: { runs: String(r1), baseline: `v:${v[0]}` } }).baseline).toBeNull();
    expect(getBoard({ db, ctx, input: { mode: "runs" } }).rows).toEqual([]);
  });

  it("flags columns that mix task versions or lmms-eval versions, over the rows shown", () => {
    const board = getBoard({ db, ctx, input: { versions: v.join(",") } });
    const xWarnings = board.columnWarnings[x];
    expect(xWarnings).toHaveLength(2);
    expect(xWarnings[0]).toMatch(/^different task versions \((1 vs 2|2 vs 1)\)$/);
    expect(xWarnings[1]).toMatch(/^different lmms-eval versions \((0\.3\.0 vs 0\.4\.0|0\.4\.0 vs 0\.3\.0)\)$/);
    expect(board.columnWarnings[y]).toEqual([expect.stringMatching(/^different lmms-eval versions/)]);
    // The same versions everywhere: no warning. Only the lmms-eval version differs: only that warning.
    expect(getBoard({ db, ctx, input: { versions: `${v[0]},${v[1]}`, tasks: "bench_y" } }).columnWarnings).toEqual({});
    expect(getBoard({ db, ctx, input: { versions: `${v[0]},${v[2]}` } }).columnWarnings[x]).toEqual([expect.stringMatching(/^different lmms-eval versions/)]);
    // What counts is what is shown: searching down to one row leaves nothing to mix.
    expect(getBoard({ db, ctx, input: { q: "v1" } }).columnWarnings).toEqual({});
    // Chosen runs: v0's old run and v1's run differ in bench_x's task version.
    expect(getBoard({ db, ctx, input: { runs: `${r0old},${r1}` } }).columnWarnings[x]).toEqual([expect.stringMatching(/^different task versions/)]);
  });

  it("a task filter naming an lmms-eval group takes in its subtasks, however deep", () => {
    const metric = { runId: loose, metric: "acc", filter: "none", value: 0.5, n: 10, higherIsBetter: true } as const;
    db.insert(runMetrics)
      .values([
        { ...metric, task: "grp", isGroup: true, groupName: null },
        { ...metric, task: "grp_sub", isGroup: true, groupName: "grp" },
        { ...metric, task: "grp_sub_leaf", isGroup: false, groupName: "grp_sub" },
        { ...metric, task: "other_leaf", isGroup: false, groupName: "other" },
      ])
      .run();
    const board = getBoard({ db, ctx, input: { tasks: "grp" } });
    expect(board.columns.map((c) => c.task).sort()).toEqual(["grp", "grp_sub", "grp_sub_leaf"]);
    expect(board.filters.tasks).toEqual([{ name: "grp", columns: 3 }]);
    expect(labels(board)).toEqual(["loose"]);
    expect(getBoard({ db, ctx, input: { tasks: "grp_sub,bench_x" } }).columns.map((c) => c.task).sort()).toEqual(["bench_x", "grp_sub", "grp_sub_leaf"]);
  });
});
