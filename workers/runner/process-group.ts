import fs from "node:fs";

/** Marker in every run's environment, so a restarted worker can tell a run's orphan from an unrelated process. */
export const RUN_MARKER_ENV = "LMMS_DASHBOARD_RUN_ID";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when `pid` is still the process the dashboard started for `runId` (pids get reused). Linux /proc only. */
export function isRunProcess(pid: number, runId: number): boolean {
  try {
    const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    return environ.includes(`${RUN_MARKER_ENV}=${runId}`);
  } catch {
    return false;
  }
}

/** Signals a whole process group (lmms-eval may have accelerate/vLLM children); a vanished group is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

/** Is anything left in the group? (kill 0 to a group answers for all its members) */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
