import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runLogs, runs, type Run } from "@/db/schema";
import { EVENTS } from "@/lib/realtime/events";
import { createRun } from "@/lib/services/runs/create-run";
import { updateSlurmSettings } from "@/lib/services/slurm/update-slurm-settings";
import { createLineSplitter } from "@/lib/lmms-eval/stream";
import { localExecutor } from "@/workers/runner/local-executor";
import { Runner } from "@/workers/runner/runner";
import { createSlurmExecutor } from "@/workers/runner/slurm-executor";
import { ctxFor, freshDb, insertUser } from "../helpers/db";
import { RecordingPublisher } from "../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../helpers/standin";

/**
 * The Slurm tier runs against a real single-node cluster that scripts/test-slurm.mjs starts (and stops) around it.
 * Without one these tests fail loudly: they are never skipped.
 */
export function requireCluster(): void {
  try {
    execFileSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8", timeout: 10_000 });
  } catch (error) {
    throw new Error(`No Slurm cluster answers (${(error as Error).message.split("\n")[0]}). Run the Slurm tier with: node scripts/test-slurm.mjs`);
  }
}

/** Fast polling for tests; the defaults (1 s → 10 s backoff) are for real clusters. */
export const TEST_TIMING = { pollMinMs: 300, pollMaxMs: 1_500, tailMs: 200, settleMs: 3_000, resultsWaitMs: 3_000 };

export type SlurmHarness = {
  db: DB;
  runner: Runner;
  publisher: RecordingPublisher;
  config: ReturnType<typeof testRunConfig>;
  member: ReturnType<typeof insertUser>;
  admin: ReturnType<typeof insertUser>;
  sharedDir: string;
  dataDir: string;
  configure(settings: Record<string, unknown>): void;
  launch(input: Record<string, unknown>): Promise<Run>;
  close(): Promise<void>;
};

export function slurmHarness(name: string): SlurmHarness {
  requireCluster();
  useStandinEnvironment();
  const db = freshDb();
  const dataDir = tempDir(`slurm-${name}-`);
  const sharedDir = path.join(dataDir, "shared");
  fs.mkdirSync(sharedDir);
  const config = testRunConfig(path.join(dataDir, "runs"));
  const publisher = new RecordingPublisher();
  const admin = insertUser(db, "admin");
  const member = insertUser(db, "member");
  const log = (message: string) => {
    if (process.env.SLURM_TEST_VERBOSE) console.log(`[${name}] ${message}`);
  };
  const slurm = createSlurmExecutor({ db, log, dashboardCommand: STANDIN_COMMAND, timing: TEST_TIMING });
  const runner = new Runner({
    db,
    config,
    publisher,
    executor: localExecutor,
    slurmExecutor: slurm,
    log,
    workerId: `test:${process.pid}:${name}`,
    maxConcurrentRuns: 2,
    gpuSlots: [],
    stopGrace: { interruptMs: 2000, terminateMs: 2000 },
  });
  const configure = (settings: Record<string, unknown>) => {
    updateSlurmSettings({ db, ctx: ctxFor(admin), input: { sharedDir, ...settings }, dashboardCommand: STANDIN_COMMAND });
  };
  configure({});
  runner.start();
  return {
    db,
    runner,
    publisher,
    config,
    member,
    admin,
    sharedDir,
    dataDir,
    configure,
    launch: (input) => createRun({ db, ctx: ctxFor(member), input: { executor: "slurm", ...input }, deps: config, publisher }),
    close: async () => {
      await runner.stop("test over");
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(read: () => T | undefined | null | false, timeoutMs = 60_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function runRow(db: DB, runId: number): Run {
  return db.select().from(runs).where(eq(runs.id, runId)).get()!;
}

export async function finished(h: Pick<SlurmHarness, "db" | "publisher">, runId: number, timeoutMs = 90_000): Promise<Run> {
  await h.publisher.waitFor(
    (e) => e.event === EVENTS.runUpdated && (e.payload as { id: number; status: string }).id === runId && ["succeeded", "failed", "cancelled"].includes((e.payload as { status: string }).status),
    timeoutMs,
  );
  return runRow(h.db, runId);
}

export function storedLines(db: DB, runId: number, stream: "stdout" | "stderr"): string[] {
  return db
    .select()
    .from(runLogs)
    .where(eq(runLogs.runId, runId))
    .orderBy(runLogs.seq)
    .all()
    .filter((l) => l.stream === stream)
    .map((l) => l.text);
}

/** The log lines RunExecution stores for a console file: `\n`-ended segments (tqdm's `\r` frames are progress only). */
export function expectedLines(file: string, mask: (text: string) => string = (t) => t): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((text, terminator) => {
    if (terminator === "\r" || (terminator === "eof" && text === "")) return;
    lines.push(mask(text));
  });
  splitter.push(fs.readFileSync(file));
  splitter.end();
  return lines;
}

/** Slurm's view of a job: `scontrol show job -o` as key=value pairs (state, reason, exit code). */
export function scontrolJob(jobId: string): Record<string, string> {
  const text = execFileSync("scontrol", ["show", "job", "-o", jobId], { encoding: "utf8" });
  return Object.fromEntries(text.trim().split(/\s+/).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
}

/** Processes of a job (its script, lmms-eval and anything they started): Slurm puts SLURM_JOB_ID in their environment. */
export function jobProcesses(jobId: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (/\) [ZX] /.test(stat)) continue;
      if (fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(`SLURM_JOB_ID=${jobId}`)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Jobs of one run on the cluster (by the name and run-folder comment the dashboard gives them). */
export function jobsOfRun(runId: number, runDir: string): string[] {
  const text = execFileSync("squeue", ["-h", "-t", "all", "-n", `lmms-eval-run-${runId}`, "-o", "%i|%k"], { encoding: "utf8" });
  return text
    .split("\n")
    .map((l) => l.split("|"))
    .filter(([id, comment]) => id && comment === runDir)
    .map(([id]) => id);
}
