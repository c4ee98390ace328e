import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { runMetrics, runResults, samples } from "@/db/schema";
import { cancelRun } from "@/lib/services/runs/cancel-run";
import { getRun } from "@/lib/services/runs/get-run";
import { ctxFor } from "../helpers/db";
import { expectedLines, finished, jobProcesses, jobsOfRun, runRow, scontrolJob, slurmHarness, storedLines, until } from "./helpers";

const h = slurmHarness("runs");
afterAll(() => h.close());

const API_KEY = "sk-slurm-secret-4242";
const HF = "hf_slurmtestsecrettoken0123456789";

describe("runs sent to a real Slurm cluster", () => {
  it("a stand-in run is submitted, followed live and ingested like a local one; no secret is shown", async () => {
    const run = await h.launch({ model: "standin", modelArgs: `pretrained=org/tiny,api_key=${API_KEY}`, tasks: ["mme", "ai2d"], limit: 8, env: { HF_TOKEN: HF } });
    expect(run.executor).toBe("slurm");
    expect(run.commandPreview).toContain(path.join(h.sharedDir, "runs", String(run.id), "output"));
    // Live: the job id and Slurm's state reach the run (and its page) while it goes.
    const submitted = await until(() => runRow(h.db, run.id).slurmJobId, 30_000, "a job id");
    const done = await finished(h, run.id);
    expect(done).toMatchObject({ status: "succeeded", exitCode: 0, reason: null, failureKind: null, slurmState: "COMPLETED", slurmJobId: submitted, slurmNode: expect.any(String) });
    expect(scontrolJob(submitted)).toMatchObject({ JobState: "COMPLETED", ExitCode: "0:0", JobName: `lmms-eval-run-${run.id}` });
    expect(done.progress).toMatchObject({ phase: "finished", percent: 100 });
    expect(done.resultsPath!.startsWith(path.join(h.sharedDir, "runs", String(run.id), "output"))).toBe(true);

    // Ingested exactly like a local run.
    expect(new Set(h.db.select().from(runMetrics).where(eq(runMetrics.runId, run.id)).all().map((m) => m.task))).toEqual(new Set(["mme", "ai2d"]));
    expect(h.db.select().from(samples).where(eq(samples.runId, run.id)).all()).toHaveLength(16);
    expect(h.db.select().from(runResults).where(eq(runResults.runId, run.id)).get()).toMatchObject({ sampleCount: 16 });

    // Every console line of both files is stored once, in order, with secrets masked.
    const runDir = path.join(h.sharedDir, "runs", String(run.id));
    const mask = (t: string) => t.replaceAll(API_KEY, "***").replaceAll(HF, "***");
    expect(storedLines(h.db, run.id, "stdout")).toEqual(expectedLines(path.join(runDir, "slurm-stdout.log"), mask));
    expect(storedLines(h.db, run.id, "stderr")).toEqual(expectedLines(path.join(runDir, "slurm-stderr.log"), mask));
    expect(storedLines(h.db, run.id, "stdout").some((l) => l.includes("Selected Tasks"))).toBe(true);
    // Progress events arrived while it ran (phase/percent from the tailed files), never going down.
    const percents = h.publisher.events.filter((e) => e.event === "run:progress" && (e.payload as { runId: number }).runId === run.id).map((e) => (e.payload as { progress: { percent: number } }).progress.percent);
    expect(percents.length).toBeGreaterThan(1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));

    // The script is stored and shown; the secrets are in neither it, the DTO, the local console, nor the shared folder.
    const dto = getRun({ db: h.db, ctx: ctxFor(h.member), runId: run.id });
    expect(dto.slurm).toMatchObject({ jobId: submitted, state: "COMPLETED", summary: expect.stringMatching(/^COMPLETED/) });
    expect(dto.slurm!.batchScript).toContain("#SBATCH --job-name=lmms-eval-run-");
    expect(dto.slurm!.batchScript).toContain('"${LMMS_DASHBOARD_SECRET_1}"');
    const consoleLog = fs.readFileSync(path.join(h.config.runsDir, String(run.id), "console.log"), "utf8");
    expect(consoleLog).toContain("Selected Tasks");
    for (const shown of [JSON.stringify(dto), consoleLog, done.batchScript!]) {
      expect(shown).not.toContain(API_KEY);
      expect(shown).not.toContain(HF);
    }
    // On the shared folder: the run folder is private to the job's user, and the raw console files end up masked too
    // (lmms-eval prints its model args unredacted).
    expect(fs.statSync(runDir).mode & 0o777).toBe(0o700);
    for (const file of ["slurm-stdout.log", "slurm-stderr.log"]) expect(fs.readFileSync(path.join(runDir, file), "utf8")).not.toContain(API_KEY);
    expect(["slurm-stdout.log", "slurm-stderr.log"].map((f) => fs.readFileSync(path.join(runDir, f), "utf8")).join("")).toContain("api_key=***");
    expect(fs.existsSync(path.join(runDir, "run.env"))).toBe(false);
    expect(fs.readFileSync(path.join(runDir, "exit-status"), "utf8")).toBe("0\n");
  });

  it("a COMPLETED job without results is a failed run that says why", async () => {
    const run = await h.launch({ model: "standin", modelArgs: "scenario=no_results", tasks: ["mme"], limit: 2 });
    const done = await finished(h, run.id);
    expect(done).toMatchObject({ status: "failed", failureKind: "no_results", slurmState: "COMPLETED", reason: "lmms-eval exited 0 but wrote no results file" });
  });

  it("cancel → scancel: the run ends cancelled, the job CANCELLED, and none of its processes is left", async () => {
    const run = await h.launch({ model: "standin", modelArgs: "pretrained=org/tiny,delay=0.5", tasks: ["mme"] });
    const jobId = await until(() => {
      const row = runRow(h.db, run.id);
      return row.slurmState === "RUNNING" && storedLines(h.db, run.id, "stdout").length > 3 && row.slurmJobId;
    }, 60_000, "a running job with output");
    const pids = await until(() => {
      const found = jobProcesses(jobId);
      return found.length >= 2 && found; // the batch script and lmms-eval
    }, 10_000, "the job's processes");
    cancelRun({ db: h.db, ctx: ctxFor(h.member), input: { runId: run.id }, publisher: h.publisher });
    h.runner.wake();
    const done = await finished(h, run.id, 60_000);
    expect(done).toMatchObject({ status: "cancelled", slurmState: "CANCELLED", reason: "Cancelled by user" });
    expect(scontrolJob(jobId).JobState).toBe("CANCELLED");
    await until(() => jobProcesses(jobId).length === 0, 15_000, "no process of the job left");
    const alive = (pid: number) => {
      try {
        return !/\) [ZX] /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
      } catch {
        return false;
      }
    };
    expect(pids.filter(alive)).toEqual([]);
  });

  it("a rejected submission shows sbatch's own words", async () => {
    h.configure({ partition: "no_such_partition" });
    try {
      const run = await h.launch({ model: "standin", tasks: ["mme"], limit: 1 });
      const done = await finished(h, run.id);
      expect(done).toMatchObject({ status: "failed", failureKind: "spawn_error", slurmJobId: null });
      expect(done.reason).toMatch(/^Slurm rejected the job: sbatch: error: .*[Ii]nvalid partition/);
      expect(done.batchScript).toContain("#SBATCH --partition=no_such_partition");
    } finally {
      h.configure({});
    }
  });

  it("a shared folder the node does not see fails the run with that reason", async () => {
    // Held at submit, the run folder removed, then released: exactly what a node without the mount experiences.
    h.configure({ extraDirectives: ["#SBATCH --hold"] });
    try {
      const run = await h.launch({ model: "standin", tasks: ["mme"], limit: 1 });
      const jobId = await until(() => runRow(h.db, run.id).slurmJobId, 30_000, "a job id");
      await until(() => runRow(h.db, run.id).slurmReason === "JobHeldUser", 15_000, "a held job");
      expect(getRun({ db: h.db, ctx: ctxFor(h.member), runId: run.id }).slurm?.summary).toBe("PENDING (JobHeldUser)");
      fs.rmSync(path.join(h.sharedDir, "runs", String(run.id)), { recursive: true, force: true });
      execFileSync("scontrol", ["release", jobId]);
      const done = await finished(h, run.id);
      expect(done).toMatchObject({ status: "failed", failureKind: "storage_error", slurmState: "FAILED" });
      expect(done.reason).toMatch(/before it could write its console files .*The shared folder is probably not mounted at the same path on the node/);
    } finally {
      h.configure({});
    }
  });
});
