import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyMigrations, openDatabase, type DB } from "@/db/client";
import { getBoard, type Board, type BoardQuery } from "@/lib/services/compare/board";
import { ctxFor, insertUser } from "../../helpers/db";
import { tempDir } from "../../helpers/standin";

/**
 * New results update a cached board in place (only the columns they touch are re-ranked and re-tested). Whatever the
 * view, the updated board must equal the board computed from scratch by a process that never saw the old one.
 */

function seed(db: DB, ownerId: number) {
  const c = db.$client;
  const model = (name: string) => (c.prepare("insert into models (name) values (?) returning id").get(name) as { id: number }).id;
  const version = (modelId: number, label: string) => (c.prepare("insert into model_versions (model_id, label, backend, model_args) values (?, ?, 'b', ?) returning id").get(modelId, label, `l=${label}`) as { id: number }).id;
  let clock = Date.UTC(2026, 0, 1);
  let seedValue = 7;
  const random = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  /** A succeeded run with results for `tasks` (value, stderr from `quality`); group members name their group. */
  const run = (versionId: number | null, tasks: string[], opts: { quality?: number; status?: string; lmmsEval?: string; taskVersion?: string; visibility?: string; owner?: number } = {}) => {
    clock += 60_000;
    const id = (
      c
        .prepare("insert into runs (status, model, model_args, tasks, params, created_by_id, model_version_id, created_at, visibility) values (?, 'b', 'x=1', '[]', '{}', ?, ?, ?, ?) returning id")
        .get(opts.status ?? "succeeded", opts.owner ?? ownerId, versionId, clock, opts.visibility ?? "team") as { id: number }
    ).id;
    const ingest = (c.prepare("insert into ingests (run_id, status, content_hash, started_at) values (?, 'committed', ?, 0) returning id").get(id, `h${id}`) as { id: number }).id;
    c.prepare("insert into run_results (run_id, ingest_id, content_hash, results_file, raw_json, sample_count, request_failed_count, budget_exceeded_count, lmms_eval_version) values (?, ?, 'h', 'r', '{}', 0, 0, 0, ?)").run(id, ingest, opts.lmmsEval ?? "0.7.3");
    for (const task of tasks) {
      const value = Math.min(0.99, Math.max(0.01, (opts.quality ?? 0.5) + (random() - 0.5) * 0.2));
      const group = task.startsWith("grp_") ? "grp" : null;
      c.prepare("insert into run_metrics (run_id, task, metric, filter, value, stderr_clt, n, higher_is_better, is_group, group_name, task_version) values (?, ?, 'acc', 'none', ?, ?, 400, 1, 0, ?, ?)").run(
        id,
        task,
        value,
        Math.sqrt((value * (1 - value)) / 399),
        group,
        opts.taskVersion ?? "1",
      );
    }
    return id;
  };
  return { model, version, run, finish: (runId: number) => c.prepare("update runs set status = 'succeeded' where id = ?").run(runId) };
}

describe("board updates on new results", () => {
  it("equals a board computed from scratch after each kind of new result, for every view", () => {
    const file = path.join(tempDir("board-incremental-"), "board.db");
    const db = openDatabase(file);
    applyMigrations(db);
    const user = insertUser(db, "member");
    const other = insertUser(db, "member");
    const ctx = ctxFor(user);
    const s = seed(db, user.id);
    const models = [s.model("m0"), s.model("m1")];
    const versions = [0, 1, 2, 3].map((k) => s.version(models[k % 2], `v${k}`));
    const tasks = ["t1", "t2", "t3", "grp_a", "grp_b"];
    versions.forEach((v, k) => s.run(v, tasks, { quality: 0.3 + 0.1 * k }));
    s.run(null, ["t1", "t2"], { quality: 0.6 });
    // Six views (as many as are kept): every option that changes what is computed.
    const views: BoardQuery[] = [
      {},
      { baseline: `v:${versions[0]}`, sort: "t1|acc|none" },
      { mode: "best", baseline: `v:${versions[1]}` },
      { rows: "model", q: "m" },
      { tasks: "grp", baseline: `v:${versions[0]}` },
      { versions: `${versions[1]},${versions[2]},${versions[3]}`, baseline: `v:${versions[1]}`, columns: "t1|acc|none,t5|acc|none" },
    ];

    const compare = (label: string, keepRows?: (view: BoardQuery, before: Board, after: Board) => void) => {
      const before = views.map((input) => getBoard({ db, ctx, input }));
      return () => {
        // A fresh handle on the same file: its own (empty) caches, so its boards are computed from scratch.
        const fresh = openDatabase(file);
        views.forEach((input, i) => {
          const updated = getBoard({ db, ctx, input });
          expect(updated, `${label}: ${JSON.stringify(input)}`).toEqual(getBoard({ db: fresh, ctx, input }));
          keepRows?.(input, before[i], updated);
        });
        fresh.$client.close();
      };
    };

    // 1. A newer run of a version on some of its benchmarks and a new one: the rows it does not touch are kept as they were.
    let check = compare("newer run", (_view, before, after) => {
      const untouched = (b: Board) => b.rows.find((r) => r.versionId === versions[3]);
      if (untouched(before) && untouched(after)) expect(untouched(after)).toBe(untouched(before));
    });
    s.run(versions[2], ["t1", "t3", "t4"], { quality: 0.9 });
    check();

    // 2. A new version's first run: a new row.
    check = compare("new row");
    s.run(s.version(models[0], "v4"), ["t2", "grp_a"], { quality: 0.95 });
    check();

    // 3. The baseline row's own new run: every cell of its columns is tested anew.
    check = compare("baseline's run");
    s.run(versions[0], ["t2", "t3"], { quality: 0.1 });
    check();

    // 4. Someone else's private run: nothing changes for this viewer.
    check = compare("private run");
    s.run(versions[1], tasks, { quality: 0.99, visibility: "private", owner: other.id });
    check();

    // 5. A run whose metrics were written before it counted as succeeded (ingest first, then the status).
    check = compare("late success");
    const late = s.run(versions[3], ["t1", "t5"], { quality: 0.7, status: "running", lmmsEval: "0.8.0", taskVersion: "2" });
    getBoard({ db, ctx, input: {} });
    s.finish(late);
    check();
    db.$client.close();
  });
});
