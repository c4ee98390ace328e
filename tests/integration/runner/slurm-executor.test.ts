import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { runLogs, runs, samples, type Run } from "@/db/schema";
import { EVENTS } from "@/lib/realtime/events";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { createRun } from "@/lib/services/runs/create-run";
import { updateSlurmSettings } from "@/lib/services/slurm/update-slurm-settings";
import { localExecutor } from "@/workers/runner/local-executor";
import { Runner } from "@/workers/runner/runner";
import { openConsoleLog, type OpenConsoleLog } from "@/workers/runner/console-log";
import { createSlurmExecutor } from "@/workers/runner/slurm-executor";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";

/**
 * The Slurm executor against stand-in Slurm commands, so the normal suite covers submission errors, following,
 * cancel and re-attach without a cluster. (tests/slurm/** runs the same paths against a real Slurm.)
 * The fakes keep one folder per job: its script, state, pid and exit code.
 */
useStandinEnvironment();
const root = tempDir("fake-slurm-");
const bin = path.join(root, "bin");
const state = path.join(root, "state");
fs.mkdirSync(bin);
fs.mkdirSync(state);
process.env.FAKE_SLURM_STATE = state;
afterAll(() => {
  for (const pidFile of fs.readdirSync(state).filter((f) => f.endsWith(".pid"))) {
    try {
      process.kill(-Number(fs.readFileSync(path.join(state, pidFile), "utf8")), "SIGKILL");
    } catch {
      // already gone
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
});

function fake(name: string, body: string): string {
  const file = path.join(bin, name);
  fs.writeFileSync(file, `#!/bin/bash\nS="$FAKE_SLURM_STATE"\n${body}\n`, { mode: 0o755 });
  return file;
}
const FAKES = {
  // Runs the script in its own session with --output/--error taken from its #SBATCH lines, like slurmd would.
  sbatch: fake(
    "sbatch",
    `id=$(( $(cat "$S/next" 2>/dev/null || echo 100) )); echo $((id + 1)) > "$S/next"
cat > "$S/$id.sh"
out=$(sed -n 's/^#SBATCH --output="\\(.*\\)"$/\\1/p' "$S/$id.sh"); err=$(sed -n 's/^#SBATCH --error="\\(.*\\)"$/\\1/p' "$S/$id.sh")
echo RUNNING > "$S/$id.state"
setsid bash -c 'echo $$ > "$1.pid"; bash "$1.sh" > "$2" 2> "$3"; code=$?; echo "$code" > "$1.exit"; [ "$(cat "$1.state")" = CANCELLED ] || { [ $code = 0 ] && echo COMPLETED > "$1.state" || echo FAILED > "$1.state"; }' _ "$S/$id" "$out" "$err" < /dev/null > /dev/null 2>&1 &
echo "$id"`,
  ),
  squeue: fake(
    "squeue",
    `ids=; while [ $# -gt 0 ]; do [ "$1" = -j ] && ids=$2; shift; done
for id in \${ids//,/ }; do [ -f "$S/$id.state" ] && echo "$id|$(cat "$S/$id.state")|None|fakenode"; done; exit 0`,
  ),
  scontrol: fake("scontrol", `id=$4; [ -f "$S/$id.state" ] || { echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1; }
echo "JobId=$id JobName=x JobState=$(cat "$S/$id.state") Reason=None ExitCode=$(cat "$S/$id.exit" 2>/dev/null || echo 0):0 RunTime=00:00:01 TimeLimit=UNLIMITED NodeList=fakenode"`),
  scancel: fake("scancel", `echo CANCELLED > "$S/$1.state"; kill -TERM -- "-$(cat "$S/$1.pid")"`),
  sacct: fake("sacct", "exit 1"),
  rejecting: fake("sbatch-rejecting", `cat > /dev/null; echo "sbatch: error: Batch job submission failed: Requested node configuration is not available" >&2; exit 1`),
};

type H = { db: ReturnType<typeof freshDb>; runner: Runner; publisher: RecordingPublisher; shared: string; launch(input: Record<string, unknown>): Promise<Run> };

function harness(commands: Record<string, string>, workerId = `fake:${Math.random()}`, db = freshDb(), shared = tempDir("fake-slurm-shared-"), openConsole?: OpenConsoleLog): H {
  const config = testRunConfig(path.join(tempDir("fake-slurm-data-"), "runs"));
  const publisher = new RecordingPublisher();
  const admin = insertUser(db, "admin");
  const member = insertUser(db, "member");
  updateSlurmSettings({ db, ctx: ctxFor(admin), input: { sharedDir: shared }, dashboardCommand: STANDIN_COMMAND });
  const slurmExecutor = createSlurmExecutor({ db, log: () => {}, dashboardCommand: STANDIN_COMMAND, commands, timing: { pollMinMs: 100, pollMaxMs: 300, tailMs: 100, settleMs: 1_000, resultsWaitMs: 1_000 } });
  const runner = new Runner({ db, config, publisher, executor: localExecutor, slurmExecutor, log: () => {}, workerId, maxConcurrentRuns: 1, gpuSlots: [], stopGrace: { interruptMs: 1000, terminateMs: 1000 }, openConsole });
  return {
    db,
    runner,
    publisher,
    shared,
    launch: (input) => createRun({ db, ctx: ctxFor(member), input: { executor: "slurm", model: "standin", tasks: ["mme"], ...input }, deps: config, publisher }),
  };
}

async function finished(h: H, runId: number, timeoutMs = 30_000): Promise<Run> {
  await h.publisher.waitFor((e) => e.event === EVENTS.runUpdated && (e.payload as { id: number; status: string }).id === runId && ["succeeded", "failed", "cancelled"].includes((e.payload as { status: string }).status), timeoutMs);
  return h.db.select().from(runs).where(eq(runs.id, runId)).get()!;
}

const row = (h: H, id: number) => h.db.select().from(runs).where(eq(runs.id, id)).get()!;
async function until<T>(read: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the Slurm executor (stand-in Slurm commands)", () => {
  it("sbatch missing: the run fails with how to fix it", async () => {
    const h = harness({ sbatch: path.join(root, "no-such-sbatch") });
    h.runner.start();
    const done = await finished(h, (await h.launch({ env: { HF_TOKEN: "hf_secretsecretsecret1234" } })).id);
    await h.runner.stop("over");
    expect(done).toMatchObject({ status: "failed", failureKind: "spawn_error", slurmJobId: null });
    expect(done.reason).toMatch(/^sbatch was not found on the dashboard host\. Install the Slurm client tools/);
    expect(fs.existsSync(path.join(h.shared, "runs", String(done.id), "run.env"))).toBe(false);
  });

  it("a rejected submission keeps sbatch's words and the script it refused", async () => {
    const h = harness({ sbatch: FAKES.rejecting });
    h.runner.start();
    const done = await finished(h, (await h.launch({})).id);
    await h.runner.stop("over");
    expect(done).toMatchObject({ status: "failed", failureKind: "spawn_error" });
    expect(done.reason).toBe("Slurm rejected the job: sbatch: error: Batch job submission failed: Requested node configuration is not available");
    expect(done.batchScript).toMatch(/^#!\/bin\/bash\n#SBATCH --job-name=lmms-eval-run-/);
  });

  it("submits, follows the console files live, and ingests the results", async () => {
    const h = harness(FAKES);
    h.runner.start();
    const run = await h.launch({ modelArgs: "pretrained=org/tiny", limit: 4 });
    const done = await finished(h, run.id);
    await h.runner.stop("over");
    expect(done).toMatchObject({ status: "succeeded", slurmJobId: expect.stringMatching(/^\d+$/), slurmState: "COMPLETED", slurmNode: "fakenode", exitCode: 0 });
    expect(done.progress).toMatchObject({ phase: "finished", percent: 100 });
    expect(h.db.select().from(samples).where(eq(samples.runId, run.id)).all()).toHaveLength(4);
    const lines = h.db.select().from(runLogs).where(eq(runLogs.runId, run.id)).all();
    expect(lines.some((l) => l.stream === "stdout" && l.text.includes("Selected Tasks"))).toBe(true);
    expect(lines.some((l) => l.stream === "stderr" && l.text.includes("Model Responding"))).toBe(true);
  });

  it.skipIf(!fs.existsSync("/dev/full"))("the dashboard's disk filling up does not cancel the cluster job: only its console copy stops", async () => {
    // The submission line reaches the real console.log; from the job's first output on, writes hit /dev/full (ENOSPC).
    const fillsUp: OpenConsoleLog = (file) => {
      const real = openConsoleLog(file);
      const full = openConsoleLog("/dev/full");
      let writes = 0;
      return { write: (text) => (++writes === 1 ? real.write(text) : full.write(text)), close: () => (real.close(), full.close()) };
    };
    const h = harness(FAKES, undefined, undefined, undefined, fillsUp);
    h.runner.start();
    const run = await h.launch({ modelArgs: "pretrained=org/tiny", limit: 4 });
    const done = await finished(h, run.id);
    await h.runner.stop("over");
    expect(done).toMatchObject({ status: "succeeded", slurmState: "COMPLETED" });
    const text = h.db.select().from(runLogs).where(eq(runLogs.runId, run.id)).all().map((l) => l.text).join("\n");
    expect(text).toMatch(/The disk holding DATA_DIR is full: ENOSPC.*The dashboard's copy of the console stops here; the Slurm job goes on\./);
  });

  it("cancel → scancel → cancelled", async () => {
    const h = harness(FAKES);
    h.runner.start();
    const run = await h.launch({ modelArgs: "pretrained=org/tiny,delay=0.3" });
    await until(() => row(h, run.id).slurmState === "RUNNING" && (row(h, run.id).progress?.n ?? 0) >= 1);
    cancelRun({ db: h.db, ctx: ctxFor(insertUser(h.db, "admin")), input: { runId: run.id }, publisher: h.publisher });
    h.runner.wake();
    const done = await finished(h, run.id);
    await h.runner.stop("over");
    expect(done).toMatchObject({ status: "cancelled", slurmState: "CANCELLED" });
  });

  it("a stopped worker detaches and the next one re-attaches: one job, every line once", async () => {
    const db = freshDb();
    const shared = tempDir("fake-slurm-shared-");
    const first = harness(FAKES, "fake:first", db, shared);
    first.runner.start();
    const run = await first.launch({ modelArgs: "pretrained=org/tiny,delay=0.15" });
    await until(() => (row(first, run.id).progress?.n ?? 0) >= 3);
    await first.runner.stop("worker stopping");
    const detached = row(first, run.id);
    expect(detached).toMatchObject({ status: "running", workerId: "fake:first", slurmState: "RUNNING" });
    expect(detached.slurmOffsets!.stdout).toBeGreaterThan(0);

    const second = harness(FAKES, "fake:second", db, shared);
    second.runner.start();
    const done = await finished(second, run.id);
    await second.runner.stop("over");
    expect(done).toMatchObject({ status: "succeeded", workerId: "fake:second", slurmJobId: detached.slurmJobId });
    const stdout = db.select().from(runLogs).where(eq(runLogs.runId, run.id)).all().filter((l) => l.stream === "stdout").map((l) => l.text);
    const file = fs.readFileSync(path.join(shared, "runs", String(run.id), "slurm-stdout.log"), "utf8").split("\n").slice(0, -1);
    expect(stdout).toEqual(file);
    expect(fs.readdirSync(state).filter((f) => f.endsWith(".sh") && fs.readFileSync(path.join(state, f), "utf8").includes(`lmms-eval-run-${run.id}\n`) && fs.readFileSync(path.join(state, f), "utf8").includes(shared))).toHaveLength(1);
  });
});
