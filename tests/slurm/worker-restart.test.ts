import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { applyMigrations, openDatabase } from "@/db/client";
import { runLogs, samples } from "@/db/schema";
import { parseConfig } from "@/lib/config";
import { createRun } from "@/lib/services/runs/create-run";
import { updateSlurmSettings } from "@/lib/services/slurm/update-slurm-settings";
import { ctxFor, insertUser } from "../helpers/db";
import { RecordingPublisher } from "../helpers/recording-publisher";
import { STANDIN_PYTHONPATH, tempDir } from "../helpers/standin";
import { expectedLines, jobsOfRun, requireCluster, runRow, scontrolJob, storedLines, until } from "./helpers";

requireCluster();
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const dataDir = tempDir("slurm-restart-");
const sharedDir = path.join(dataDir, "shared");
fs.mkdirSync(sharedDir);
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: "1", // no web process: the worker must not need one
  LMMS_EVAL_CMD: "python3 -m lmms_eval",
  PYTHONPATH: STANDIN_PYTHONPATH,
  PYTHONDONTWRITEBYTECODE: "1",
};
const workers: ChildProcess[] = [];
const HF = "hf_restartsecrettoken0123456789ab";

function startWorker(): { child: ChildProcess; workerId: string; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: ROOT, env, stdio: process.env.SLURM_TEST_VERBOSE ? "inherit" : "ignore" });
  workers.push(child);
  return { child, workerId: `${os.hostname()}:${child.pid}`, exited: new Promise((r) => child.once("exit", r)) };
}

afterAll(() => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("worker stopped (SIGTERM) and killed (SIGKILL) mid-job: it re-attaches by job id, no duplicate job, no lost or doubled line", async () => {
  const config = parseConfig(env, ROOT);
  const db = openDatabase(config.databasePath);
  applyMigrations(db);
  const admin = insertUser(db, "admin");
  const member = insertUser(db, "member");
  updateSlurmSettings({ db, ctx: ctxFor(admin), input: { sharedDir }, dashboardCommand: config.lmmsEvalCommand });
  const run = await createRun({
    db,
    ctx: ctxFor(member),
    input: { executor: "slurm", model: "standin", modelArgs: "pretrained=org/tiny,delay=1.5", tasks: ["mme"], env: { HF_TOKEN: HF } },
    deps: config,
    publisher: new RecordingPublisher(),
  });
  const runDir = path.join(sharedDir, "runs", String(run.id));
  const inferenceAt = (n: number) => () => {
    const row = runRow(db, run.id);
    return row.slurmState === "RUNNING" && row.progress?.phase === "inference" && (row.progress.n ?? 0) >= n && row;
  };

  // 1. Graceful stop: the worker detaches; the job goes on.
  const first = startWorker();
  const jobId = (await until(inferenceAt(2), 60_000, "inference under worker 1")).slurmJobId!;
  first.child.kill("SIGTERM");
  await first.exited;
  expect(runRow(db, run.id)).toMatchObject({ status: "running", slurmJobId: jobId, workerId: first.workerId });
  expect(scontrolJob(jobId).JobState).toBe("RUNNING");

  // 2. A new worker takes it over, then dies without any chance to clean up.
  const second = startWorker();
  await until(() => runRow(db, run.id).workerId === second.workerId, 30_000, "worker 2 adopting the run");
  const seen = runRow(db, run.id).progress?.n ?? 0;
  await until(inferenceAt(seen + 2), 60_000, "progress under worker 2");
  second.child.kill("SIGKILL");
  await second.exited;
  expect(runRow(db, run.id).status).toBe("running");

  // 3. A third worker follows it to the end.
  const third = startWorker();
  const done = await until(() => {
    const row = runRow(db, run.id);
    return row.status !== "running" && row;
  }, 120_000, "the end of the run");
  expect(done).toMatchObject({ status: "succeeded", slurmState: "COMPLETED", slurmJobId: jobId, workerId: third.workerId, failureKind: null });
  expect(done.progress).toMatchObject({ phase: "finished", percent: 100 });
  expect(db.select().from(samples).where(eq(samples.runId, run.id)).all()).toHaveLength(16);

  // Exactly one job was ever submitted for the run.
  expect(jobsOfRun(run.id, runDir)).toEqual([jobId]);
  // Every console line, once, in order — across a detach and a crash.
  const mask = (t: string) => t.replaceAll(HF, "***");
  expect(storedLines(db, run.id, "stdout")).toEqual(expectedLines(path.join(runDir, "slurm-stdout.log"), mask));
  expect(storedLines(db, run.id, "stderr")).toEqual(expectedLines(path.join(runDir, "slurm-stderr.log"), mask));
  const system = db.select().from(runLogs).where(eq(runLogs.runId, run.id)).all().filter((l) => l.stream === "system").map((l) => l.text);
  expect(system.filter((t) => t === `Worker restarted: following Slurm job ${jobId} again`)).toHaveLength(2);
  const seqs = db.select({ seq: runLogs.seq }).from(runLogs).where(eq(runLogs.runId, run.id)).orderBy(runLogs.seq).all().map((r) => r.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));

  third.child.kill("SIGTERM");
  await third.exited;
  db.$client.close();
}, 240_000);
