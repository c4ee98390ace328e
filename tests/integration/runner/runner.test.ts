import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import { runLogs, runMetrics, runResults, runs, samples, type Run } from "@/db/schema";
import { EVENTS } from "@/lib/realtime/events";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { createRun } from "@/lib/services/runs/create-run";
import { groupExists } from "@/workers/runner/process-group";
import type { Runner } from "@/workers/runner/runner";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";
import { testRunner } from "../../helpers/test-runner";

useStandinEnvironment();
const FIXTURE_TASKS = path.resolve(import.meta.dirname, "..", "..", "fixtures", "lmms-eval", "B_dummy_offline_toy", "my_tasks");

type Harness = { db: DB; runner: Runner; publisher: RecordingPublisher; config: ReturnType<typeof testRunConfig>; member: ReturnType<typeof insertUser>; dataDir: string };

function harness(maxConcurrentRuns = 4, runsDir?: string): Harness {
  const db = freshDb();
  const dataDir = tempDir("runner-");
  const config = testRunConfig(runsDir ?? path.join(dataDir, "runs"), { includePaths: [FIXTURE_TASKS] });
  const publisher = new RecordingPublisher();
  const runner = testRunner({ db, config, publisher, maxConcurrentRuns });
  return { db, runner, publisher, config, member: insertUser(db, "member"), dataDir };
}

async function launch(h: Harness, input: Record<string, unknown>): Promise<Run> {
  return createRun({ db: h.db, ctx: ctxFor(h.member), input, deps: h.config, publisher: h.publisher });
}

async function finished(h: Harness, runId: number): Promise<Run> {
  await h.publisher.waitFor((e) => e.event === EVENTS.runUpdated && (e.payload as { id: number; status: string }).id === runId && ["succeeded", "failed", "cancelled"].includes((e.payload as { status: string }).status), 30_000);
  return h.db.select().from(runs).where(eq(runs.id, runId)).get()!;
}

function logText(h: Harness, runId: number): string {
  return h.db.select().from(runLogs).where(eq(runLogs.runId, runId)).all().map((l) => l.text).join("\n");
}

describe("the worker runs every stand-in scenario end to end", () => {
  const h = harness();
  beforeAll(() => h.runner.start());
  afterAll(async () => {
    await h.runner.stop("test over");
    fs.rmSync(h.dataDir, { recursive: true, force: true });
  });

  it("success on several tasks: results file, progress to 100 %, console and logs, events", async () => {
    const run = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["mme", "ai2d"], limit: 8 });
    const done = await finished(h, run.id);
    expect(done).toMatchObject({ status: "succeeded", exitCode: 0, reason: null, failureKind: null });
    expect(done.resultsPath).toMatch(new RegExp(`runs/${run.id}/output/org__tiny/\\d{8}_\\d{6}_results\\.json$`));
    expect(fs.existsSync(done.resultsPath!)).toBe(true);
    expect(done.progress).toMatchObject({ phase: "finished", percent: 100 });
    const consoleLog = fs.readFileSync(path.join(h.config.runsDir, String(run.id), "console.log"), "utf8");
    expect(consoleLog).toContain("Selected Tasks");
    expect(consoleLog).toContain("\r"); // tqdm frames kept raw
    const lines = h.db.select().from(runLogs).where(eq(runLogs.runId, run.id)).all();
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.some((l) => l.stream === "stdout" && l.level === "INFO")).toBe(true);
    // Progress events arrived while it ran, and their percent never went down.
    const percents = h.publisher.events
      .filter((e) => e.event === EVENTS.runProgress && (e.payload as { runId: number }).runId === run.id)
      .map((e) => (e.payload as { progress: { percent: number } }).progress.percent);
    expect(percents.length).toBeGreaterThan(1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(h.publisher.events.some((e) => e.event === EVENTS.runLogs && e.room === `run:${run.id}`)).toBe(true);
    // Ingested: every metric and every sample of both tasks.
    const metrics = h.db.select().from(runMetrics).where(eq(runMetrics.runId, run.id)).all();
    expect(new Set(metrics.map((m) => m.task))).toEqual(new Set(["mme", "ai2d"]));
    const stored = h.db.select().from(samples).where(eq(samples.runId, run.id)).all();
    expect(stored).toHaveLength(16);
    expect(h.db.select().from(runResults).where(eq(runResults.runId, run.id)).get()).toMatchObject({ sampleCount: 16 });
  });

  it("a group task and the dummy model without a model-name folder", async () => {
    const group = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny", tasks: ["scienceqa_full"] });
    const dummy = await launch(h, { model: "dummy", modelArgs: "response=A", tasks: ["toy_qa"], includePath: FIXTURE_TASKS });
    expect((await finished(h, group.id)).status).toBe("succeeded");
    const d = await finished(h, dummy.id);
    expect(d.status).toBe("succeeded");
    expect(path.dirname(d.resultsPath!)).toBe(path.join(h.config.runsDir, String(dummy.id), "output"));
  });

  it("`Error during evaluation` with exit 0 is a failure with lmms-eval's message", async () => {
    const run = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny,scenario=eval_error", tasks: ["mme"] });
    const done = await finished(h, run.id);
    expect(done).toMatchObject({ status: "failed", exitCode: 0, failureKind: "evaluation_error" });
    expect(done.reason).toMatch(/Error during evaluation/);
  });

  it("a crash with a traceback and exit 1 keeps the exception as the reason", async () => {
    const done = await finished(h, (await launch(h, { model: "standin", modelArgs: "scenario=crash", tasks: ["mme"] })).id);
    expect(done).toMatchObject({ status: "failed", exitCode: 1, failureKind: "crash" });
    expect(done.reason).toMatch(/exited with code 1: \w+(Error|Exception)/);
  });

  it("exit 0 without a results file is never a success", async () => {
    const done = await finished(h, (await launch(h, { model: "standin", modelArgs: "scenario=no_results", tasks: ["mme"] })).id);
    expect(done).toMatchObject({ status: "failed", failureKind: "no_results", reason: "lmms-eval exited 0 but wrote no results file" });
  });

  it("an unknown task (when the catalogue cannot know it) fails with lmms-eval's reason", async () => {
    const done = await finished(h, (await launch(h, { model: "standin", tasks: ["no_such_task_xyz"] })).id);
    expect(done.status).toBe("failed");
    expect(done.reason).toMatch(/no_such_task_xyz/);
  });

  it("100 KiB of progress without a newline neither crashes the reader nor floods the log", async () => {
    const run = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny,scenario=long_progress", tasks: ["mme"] });
    const done = await finished(h, run.id);
    expect(done.status).toBe("succeeded");
    const stored = h.db.select().from(runLogs).where(eq(runLogs.runId, run.id)).all();
    expect(Math.max(...stored.map((l) => l.text.length))).toBeLessThan(9 * 1024);
  });

  it("secrets never reach the console, the logs or the preview", async () => {
    const run = await launch(h, {
      model: "standin",
      modelArgs: "pretrained=org/tiny,api_key=sk-model-arg-secret-123",
      tasks: ["mme"],
      limit: 2,
      env: { OPENAI_API_KEY: "sk-env-secret-456" },
    });
    expect(run.envSealed).not.toContain("sk-env-secret-456");
    expect(run.commandPreview).not.toContain("sk-model-arg-secret-123");
    expect(run.commandPreview).toContain("OPENAI_API_KEY=***");
    const done = await finished(h, run.id);
    expect(done.status).toBe("succeeded");
    const consoleLog = fs.readFileSync(path.join(h.config.runsDir, String(run.id), "console.log"), "utf8");
    // lmms-eval prints its model args unredacted at the end (docs/LMMS-EVAL-BEHAVIOUR.md §model-args): the console must not show it.
    expect(consoleLog).toContain("api_key=***");
    for (const text of [consoleLog, logText(h, run.id)]) {
      expect(text).not.toContain("sk-model-arg-secret-123");
      expect(text).not.toContain("sk-env-secret-456");
    }
  });

  it("cancel: SIGINT to the group, status cancelled, no process left", async () => {
    const run = await launch(h, { model: "standin", modelArgs: "pretrained=org/tiny,delay=0.5", tasks: ["mme"] });
    await h.publisher.waitFor((e) => e.event === EVENTS.runLogs && e.room === `run:${run.id}`);
    const pid = h.db.select().from(runs).where(eq(runs.id, run.id)).get()!.pid!;
    expect(groupExists(pid)).toBe(true);
    cancelRun({ db: h.db, ctx: ctxFor(h.member), input: { runId: run.id }, publisher: h.publisher });
    h.runner.wake();
    const done = await finished(h, run.id);
    expect(done.status).toBe("cancelled");
    expect(done.exitSignal ?? done.exitCode).toBeTruthy();
    expect(groupExists(pid)).toBe(false);
  });
});

describe("queue behaviour", () => {
  it("respects MAX_CONCURRENT_RUNS and queue order; a queued run can be cancelled before it starts", async () => {
    const h = harness(1);
    const first = await launch(h, { model: "standin", modelArgs: "delay=0.05", tasks: ["mme"], limit: 4 });
    const second = await launch(h, { model: "standin", tasks: ["mme"], limit: 2 });
    const third = await launch(h, { model: "standin", tasks: ["mme"], limit: 2 });
    cancelRun({ db: h.db, ctx: ctxFor(h.member), input: { runId: third.id }, publisher: h.publisher });
    h.runner.start();
    const running = () => h.db.select().from(runs).where(eq(runs.status, "running")).all().length;
    expect(running()).toBe(1);
    expect(h.db.select().from(runs).where(eq(runs.id, second.id)).get()!.status).toBe("queued");
    expect((await finished(h, first.id)).status).toBe("succeeded");
    expect((await finished(h, second.id)).status).toBe("succeeded");
    const cancelled = h.db.select().from(runs).where(eq(runs.id, third.id)).get()!;
    expect(cancelled).toMatchObject({ status: "cancelled", startedAt: null });
    expect(fs.existsSync(path.join(h.config.runsDir, String(third.id)))).toBe(false);
    await h.runner.stop("test over");
  });

  it("lmms-eval missing: the run fails with a reason that says what to do, and the queue keeps working", async () => {
    const h = harness();
    const config = { ...h.config, lmmsEvalCommand: ["/nonexistent/lmms-eval"] };
    const runner = testRunner({ db: h.db, config, publisher: h.publisher, workerId: "t:1", maxConcurrentRuns: 1, stopGrace: { interruptMs: 100, terminateMs: 100 } });
    const run = await createRun({ db: h.db, ctx: ctxFor(h.member), input: { model: "standin", tasks: ["mme"] }, deps: config, publisher: h.publisher });
    runner.start();
    const done = await finished(h, run.id);
    expect(done).toMatchObject({ status: "failed", failureKind: "spawn_error" });
    expect(done.reason).toMatch(/ENOENT.*LMMS_EVAL_CMD/s);
    await runner.stop("test over");
  });

  it("the child gets the run's environment and PYTHONUNBUFFERED, never the dashboard's own secrets", async () => {
    process.env.ADMIN_PASSWORD = "dashboard-admin-password";
    const h = harness();
    const probe = "import os; print('key=' + os.environ['OPENAI_API_KEY']); print('unbuffered=' + os.environ['PYTHONUNBUFFERED']); print('admin=' + str(os.environ.get('ADMIN_PASSWORD')))";
    const config = { ...h.config, lmmsEvalCommand: ["python3", "-c", probe] };
    const runner = testRunner({ db: h.db, config, publisher: h.publisher, workerId: "t:2", maxConcurrentRuns: 1, stopGrace: { interruptMs: 100, terminateMs: 100 } });
    const run = await createRun({ db: h.db, ctx: ctxFor(h.member), input: { model: "standin", tasks: ["mme"], env: { OPENAI_API_KEY: "sk-child-only-789" } }, deps: config, publisher: h.publisher });
    runner.start();
    await finished(h, run.id);
    const text = logText(h, run.id);
    // The child printed the real key; the dashboard masked it on the way in.
    expect(text).toContain("key=***");
    expect(text).not.toContain("sk-child-only-789");
    expect(text).toContain("unbuffered=1");
    expect(text).toContain("admin=None");
    await runner.stop("test over");
    delete process.env.ADMIN_PASSWORD;
  });

  it("GPU slots: each concurrent run gets its own CUDA_VISIBLE_DEVICES; no free slot, no start", async () => {
    const h = harness();
    const probe = "import os, time; print('gpus=' + os.environ.get('CUDA_VISIBLE_DEVICES', 'unset')); time.sleep(0.5)";
    const config = { ...h.config, lmmsEvalCommand: ["python3", "-c", probe] };
    const runner = testRunner({ db: h.db, config, publisher: h.publisher, workerId: "t:gpu", maxConcurrentRuns: 3, gpuSlots: ["0,1", "2"], stopGrace: { interruptMs: 100, terminateMs: 100 } });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createRun({ db: h.db, ctx: ctxFor(h.member), input: { model: "standin", tasks: ["mme"] }, deps: config, publisher: h.publisher })).id);
    runner.start();
    // Two slots: the third run waits although MAX_CONCURRENT_RUNS is 3.
    const states = ids.map((id) => h.db.select().from(runs).where(eq(runs.id, id)).get()!);
    expect(states.map((r) => r.status)).toEqual(["running", "running", "queued"]);
    expect(states.slice(0, 2).map((r) => r.gpuSlot).sort()).toEqual(["0,1", "2"]);
    for (const id of ids) await finished(h, id);
    const slots = ids.map((id) => /^gpus=(\S+)$/m.exec(logText(h, id))?.[1]);
    expect(slots.slice(0, 2).sort()).toEqual(["0,1", "2"]);
    expect(["0,1", "2"]).toContain(slots[2]);
    await runner.stop("test over");
  });

  it("an unwritable DATA_DIR fails the run with that reason; the queue keeps working", async () => {
    const dir = tempDir("ro-");
    const blocker = path.join(dir, "runs");
    fs.writeFileSync(blocker, "a file where the runs folder should be");
    const h = harness(1, blocker);
    const run = await launch(h, { model: "standin", tasks: ["mme"] });
    h.runner.start();
    const done = await finished(h, run.id);
    expect(done).toMatchObject({ status: "failed", failureKind: "storage_error" });
    expect(done.reason).toMatch(/Cannot write the run folder .* Check that DATA_DIR is writable/);
    await h.runner.stop("test over");
  });
});
