import os from "node:os";

/** What the worker knows about a job at one poll. */
export type SlurmJobInfo = {
  jobId: string;
  /** `PENDING`, `RUNNING`, `COMPLETED`, `TIMEOUT`, … (only the first word: sacct's "CANCELLED by 0" → CANCELLED). */
  state: string;
  reason: string | null;
  nodeList: string | null;
  /** `ExitCode=a:b`: a = exit status of the batch script, b = the signal that killed it (0 = none). */
  exitCode: number | null;
  exitSignal: number | null;
  timeLimit: string | null;
  runTime: string | null;
};

/** States after which the job will not run again (the worker stops following and judges the run). */
const TERMINAL_STATES = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT"]);

export function isTerminalState(state: string): boolean {
  return TERMINAL_STATES.has(state);
}

const nullIfEmpty = (value: string | undefined): string | null => (value === undefined || value === "" || value === "(null)" || value === "None" ? null : value);

function parseExitCode(value: string | undefined): { exitCode: number | null; exitSignal: number | null } {
  const match = /^(\d+):(\d+)$/.exec(value ?? "");
  return match ? { exitCode: Number(match[1]), exitSignal: Number(match[2]) } : { exitCode: null, exitSignal: null };
}

/**
 * `scontrol show job -o <id>`: one line of `Key=value` pairs. Values may contain spaces (Command, WorkDir), so a word
 * that does not look like `Key=` continues the previous value.
 */
export function parseScontrolJob(text: string): SlurmJobInfo | null {
  const line = text.split("\n").find((l) => l.includes("JobId="));
  if (!line) return null;
  const fields: Record<string, string> = {};
  let last: string | null = null;
  for (const word of line.trim().split(/\s+/)) {
    const match = /^([A-Za-z][A-Za-z0-9_:/]*)=(.*)$/.exec(word);
    if (match && !(match[1] in fields)) {
      last = match[1];
      fields[last] = match[2];
    } else if (last) {
      fields[last] += ` ${word}`;
    }
  }
  if (!fields.JobId || !fields.JobState) return null;
  return {
    jobId: fields.JobId,
    state: fields.JobState.split(" ")[0],
    reason: nullIfEmpty(fields.Reason),
    nodeList: nullIfEmpty(fields.NodeList),
    ...parseExitCode(fields.ExitCode),
    timeLimit: nullIfEmpty(fields.TimeLimit),
    runTime: nullIfEmpty(fields.RunTime),
  };
}

/** The format the worker asks squeue for, and its parser: `jobid|state|reason|nodelist`. */
export const SQUEUE_FORMAT = "%i|%T|%r|%N";

export function parseSqueueLines(text: string): Map<string, Pick<SlurmJobInfo, "jobId" | "state" | "reason" | "nodeList">> {
  const jobs = new Map<string, Pick<SlurmJobInfo, "jobId" | "state" | "reason" | "nodeList">>();
  for (const line of text.split("\n")) {
    const [jobId, state, reason, nodeList] = line.trim().split("|");
    if (!jobId || !state) continue;
    jobs.set(jobId, { jobId, state, reason: nullIfEmpty(reason), nodeList: nullIfEmpty(nodeList) });
  }
  return jobs;
}

/** `sacct -n -P -X -j <id> -o JobID,State,ExitCode,NodeList,Timelimit,Elapsed` (clusters with accounting). */
export const SACCT_FIELDS = "JobID,State,ExitCode,NodeList,Timelimit,Elapsed";

export function parseSacct(text: string, jobId: string): SlurmJobInfo | null {
  for (const line of text.split("\n")) {
    const [id, state, exit, nodeList, timeLimit, runTime] = line.trim().split("|");
    if (id !== jobId || !state) continue;
    return { jobId, state: state.split(" ")[0], reason: null, nodeList: nullIfEmpty(nodeList), ...parseExitCode(exit), timeLimit: nullIfEmpty(timeLimit), runTime: nullIfEmpty(runTime) };
  }
  return null;
}

/** "PENDING (Resources)", "RUNNING on gpu-07", "TIMEOUT (TimeLimit)": Slurm's own words, for the run page. */
export function describeSlurmState(info: { state: string | null; reason: string | null; node: string | null }): string {
  if (!info.state) return "not submitted yet";
  if ((info.state === "RUNNING" || info.state === "COMPLETING") && info.node) return `${info.state} on ${info.node}`;
  return info.reason ? `${info.state} (${info.reason})` : info.state;
}

export function signalName(signal: number | null): NodeJS.Signals | null {
  if (!signal) return null;
  const entry = Object.entries(os.constants.signals).find(([, n]) => n === signal);
  return (entry?.[0] as NodeJS.Signals | undefined) ?? null;
}

/** Failure kinds the dashboard already knows (db/schema FAILURE_KINDS); Slurm endings map onto them. */
export type SlurmFailureKind = "interrupted" | "crash" | "spawn_error" | "storage_error";

export type SlurmEnding = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** A clearer reason than the exit code gives; null = judge the run from exit code, console and results as usual. */
  failure: { reason: string; failureKind: SlurmFailureKind } | null;
};

/**
 * How a finished job ended, in the dashboard's terms. COMPLETED and ordinary FAILED jobs are judged like local runs
 * (exit code, `Error during evaluation`, a results file); the scheduler's own endings get a reason that says what
 * happened and what to change.
 */
export function slurmEnding(
  info: SlurmJobInfo,
  context: { cancelRequested: boolean; consoleFilesSeen: boolean; runDir: string; memory?: string; scriptExit: { runFolderMissing: number; envFileMissing: number } },
): SlurmEnding {
  const exitCode = info.exitSignal ? null : info.exitCode;
  const signal = signalName(info.exitSignal);
  const base = { exitCode, signal };
  const on = info.nodeList ? ` on node ${info.nodeList}` : "";
  const job = `Slurm job ${info.jobId}`;
  switch (info.state) {
    case "COMPLETED":
      return { ...base, failure: null };
    case "FAILED":
      if (exitCode === context.scriptExit.runFolderMissing) {
        return { ...base, failure: { failureKind: "storage_error", reason: `The shared folder is not visible${on}: the job could not enter ${context.runDir}. Mount the shared folder at the same path on the compute nodes, or choose a folder they see (Settings → Slurm).` } };
      }
      if (exitCode === context.scriptExit.envFileMissing) {
        return { ...base, failure: { failureKind: "spawn_error", reason: `The run's environment file was missing when ${job} started${on}; it is deleted once read, so the job cannot be started twice. Re-run it.` } };
      }
      if (!context.consoleFilesSeen) {
        return {
          ...base,
          failure: {
            failureKind: "storage_error",
            reason: `${job} failed${on} before it could write its console files in ${context.runDir} (Slurm reason: ${info.reason ?? "none"}). The shared folder is probably not mounted at the same path on the node, or not writable by the job's user.`,
          },
        };
      }
      return { ...base, failure: null };
    case "CANCELLED":
      if (context.cancelRequested) return { ...base, failure: null };
      return { ...base, failure: { failureKind: "interrupted", reason: `Interrupted: ${job} was cancelled outside the dashboard (scancel by a user or an administrator). Re-run it to start over.` } };
    case "TIMEOUT":
      return {
        ...base,
        failure: {
          failureKind: "crash",
          reason: `Slurm stopped ${job} at its time limit${info.timeLimit ? ` (${info.timeLimit})` : ""}${info.runTime ? ` after running ${info.runTime}` : ""}. Raise the time limit under Settings → Slurm, or evaluate fewer samples (limit).`,
        },
      };
    case "OUT_OF_MEMORY":
      return {
        ...base,
        failure: {
          failureKind: "crash",
          reason: `${job} ran out of memory${on}${context.memory ? ` (it asked for --mem=${context.memory})` : ""}. Raise the memory under Settings → Slurm, or lower the batch size.`,
        },
      };
    case "NODE_FAIL":
      return { ...base, failure: { failureKind: "interrupted", reason: `Interrupted: the node running ${job} failed${info.nodeList ? ` (${info.nodeList})` : ""}. Re-run it to start over.` } };
    case "PREEMPTED":
      return { ...base, failure: { failureKind: "interrupted", reason: `Interrupted: ${job} was preempted by a higher-priority job. Re-run it to start over.` } };
    case "BOOT_FAIL":
      return { ...base, failure: { failureKind: "interrupted", reason: `Interrupted: the node for ${job} failed to boot${info.nodeList ? ` (${info.nodeList})` : ""}. Re-run it.` } };
    case "DEADLINE":
      return { ...base, failure: { failureKind: "crash", reason: `${job} reached its deadline before it finished.` } };
    default:
      return { ...base, failure: { failureKind: "crash", reason: `Slurm ended ${job} as ${info.state}${info.reason ? ` (${info.reason})` : ""}.` } };
  }
}
