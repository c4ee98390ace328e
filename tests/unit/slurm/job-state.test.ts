import { describe, expect, it } from "vitest";
import { describeSlurmState, isTerminalState, parseSacct, parseScontrolJob, parseSqueueLines, SCRIPT_EXIT, slurmEnding, type SlurmJobInfo } from "@/lib/lmms-eval/slurm";

// Real `scontrol show job -o` lines from Slurm 22.05 (Debian 12), shortened only where noted.
const FAILED_LAUNCH =
  "JobId=4 JobName=m.sh UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901756 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=JobLaunchFailure Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:53 RunTime=00:00:00 TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-11-26T21:32:36 NodeList=vm BatchHost=vm NumNodes=1 Command=/tmp/sx/m.sh WorkDir=/tmp/sx StdErr=/tmp/sx/missing/err.txt StdIn=/dev/null StdOut=/tmp/sx/missing/out.txt Power= ";
const CANCELLED =
  "JobId=7 JobName=c.sh UserId=root(0) GroupId=root(0) JobState=CANCELLED Reason=None Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:15 RunTime=00:00:01 TimeLimit=UNLIMITED NodeList=vm BatchHost=vm Command=/tmp/a dir with spaces/c.sh WorkDir=/tmp/a dir with spaces StdOut=/tmp/sx/c-7.out Power= ";
const PENDING =
  "JobId=2 JobName=wrap UserId=root(0) GroupId=root(0) JobState=PENDING Reason=Resources Dependency=(null) ExitCode=0:0 RunTime=00:00:00 TimeLimit=00:01:00 NodeList= NumNodes=1 Command=(null) WorkDir=/tmp/sx";

const base: SlurmJobInfo = { jobId: "12", state: "COMPLETED", reason: null, nodeList: "gpu-07", exitCode: 0, exitSignal: 0, timeLimit: "00:01:00", runTime: "00:01:13" };
const ctx = { cancelRequested: false, consoleFilesSeen: true, runDir: "/shared/runs/5", memory: "64G", scriptExit: SCRIPT_EXIT };

describe("reading Slurm's answers", () => {
  it("scontrol show job -o", () => {
    expect(parseScontrolJob(FAILED_LAUNCH)).toEqual({ jobId: "4", state: "FAILED", reason: "JobLaunchFailure", nodeList: "vm", exitCode: 0, exitSignal: 53, timeLimit: "UNLIMITED", runTime: "00:00:00" });
    expect(parseScontrolJob(CANCELLED)).toMatchObject({ state: "CANCELLED", reason: null, exitCode: 0, exitSignal: 15 });
    expect(parseScontrolJob(PENDING)).toMatchObject({ state: "PENDING", reason: "Resources", nodeList: null, timeLimit: "00:01:00" });
    expect(parseScontrolJob("slurm_load_jobs error: Invalid job id specified")).toBeNull();
    expect(parseScontrolJob("")).toBeNull();
  });

  it("squeue -o '%i|%T|%r|%N' and sacct -P", () => {
    const jobs = parseSqueueLines("7|CANCELLED|None|vm\n12|PENDING|Priority|\n13|RUNNING|None|gpu-[01-02]\n\n");
    expect([...jobs.keys()]).toEqual(["7", "12", "13"]);
    expect(jobs.get("12")).toEqual({ jobId: "12", state: "PENDING", reason: "Priority", nodeList: null });
    expect(jobs.get("13")?.nodeList).toBe("gpu-[01-02]");
    expect(parseSacct("12|CANCELLED by 0|0:15|gpu-07|01:00:00|00:10:00\n12.batch|CANCELLED|0:15|gpu-07||00:10:00\n", "12")).toMatchObject({ state: "CANCELLED", exitSignal: 15, nodeList: "gpu-07" });
    expect(parseSacct("", "12")).toBeNull();
  });

  it("terminal states and how the run page shows a state", () => {
    for (const s of ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE"]) expect(isTerminalState(s), s).toBe(true);
    for (const s of ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED"]) expect(isTerminalState(s), s).toBe(false);
    expect(describeSlurmState({ state: "PENDING", reason: "Resources", node: null })).toBe("PENDING (Resources)");
    expect(describeSlurmState({ state: "RUNNING", reason: null, node: "gpu-07" })).toBe("RUNNING on gpu-07");
    expect(describeSlurmState({ state: "TIMEOUT", reason: "TimeLimit", node: "gpu-07" })).toBe("TIMEOUT (TimeLimit)");
    expect(describeSlurmState({ state: null, reason: null, node: null })).toBe("not submitted yet");
  });
});

describe("how a job's end becomes the run's outcome", () => {
  it("COMPLETED and ordinary failures are judged like local runs (exit code, console, results)", () => {
    expect(slurmEnding(base, ctx)).toEqual({ exitCode: 0, signal: null, failure: null });
    expect(slurmEnding({ ...base, state: "FAILED", reason: "NonZeroExitCode", exitCode: 1 }, ctx)).toEqual({ exitCode: 1, signal: null, failure: null });
  });

  it("time limit, memory, node failure and preemption get reasons that say what to change", () => {
    const timeout = slurmEnding({ ...base, state: "TIMEOUT", reason: "TimeLimit", exitSignal: 15 }, ctx);
    expect(timeout).toMatchObject({ exitCode: null, signal: "SIGTERM", failure: { failureKind: "crash" } });
    expect(timeout.failure?.reason).toBe("Slurm stopped Slurm job 12 at its time limit (00:01:00) after running 00:01:13. Raise the time limit under Settings → Slurm, or evaluate fewer samples (limit).");
    expect(slurmEnding({ ...base, state: "OUT_OF_MEMORY", exitSignal: 9 }, ctx).failure).toEqual({ failureKind: "crash", reason: "Slurm job 12 ran out of memory on node gpu-07 (it asked for --mem=64G). Raise the memory under Settings → Slurm, or lower the batch size." });
    expect(slurmEnding({ ...base, state: "NODE_FAIL" }, ctx).failure).toMatchObject({ failureKind: "interrupted", reason: expect.stringMatching(/^Interrupted: the node running Slurm job 12 failed \(gpu-07\)/) });
    expect(slurmEnding({ ...base, state: "PREEMPTED" }, ctx).failure?.reason).toMatch(/preempted/);
    expect(slurmEnding({ ...base, state: "BOOT_FAIL" }, ctx).failure?.failureKind).toBe("interrupted");
    expect(slurmEnding({ ...base, state: "DEADLINE" }, ctx).failure?.reason).toMatch(/deadline/);
    expect(slurmEnding({ ...base, state: "REVOKED", reason: "x" }, ctx).failure?.reason).toBe("Slurm ended Slurm job 12 as REVOKED (x).");
  });

  it("a cancel is the user's only when the dashboard asked for it", () => {
    const cancelled = { ...base, state: "CANCELLED", exitSignal: 15 };
    expect(slurmEnding(cancelled, { ...ctx, cancelRequested: true })).toEqual({ exitCode: null, signal: "SIGTERM", failure: null });
    expect(slurmEnding(cancelled, ctx).failure).toMatchObject({ failureKind: "interrupted", reason: expect.stringMatching(/cancelled outside the dashboard/) });
  });

  it("a shared folder the node cannot see is named as such", () => {
    const launch = parseScontrolJob(FAILED_LAUNCH)!;
    expect(slurmEnding(launch, { ...ctx, consoleFilesSeen: false }).failure).toMatchObject({
      failureKind: "storage_error",
      reason: expect.stringMatching(/^Slurm job 4 failed on node vm before it could write its console files in \/shared\/runs\/5 \(Slurm reason: JobLaunchFailure\)\. The shared folder is probably not mounted/),
    });
    expect(slurmEnding({ ...base, state: "FAILED", exitCode: SCRIPT_EXIT.runFolderMissing }, ctx).failure).toMatchObject({ failureKind: "storage_error", reason: expect.stringMatching(/^The shared folder is not visible on node gpu-07/) });
    expect(slurmEnding({ ...base, state: "FAILED", exitCode: SCRIPT_EXIT.envFileMissing }, ctx).failure?.reason).toMatch(/environment file was missing/);
  });
});
