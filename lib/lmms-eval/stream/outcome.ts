import type { FailureEvidence } from "./progress-tracker";

export type RunStatus = "succeeded" | "failed" | "cancelled";

export type RunOutcome = { status: RunStatus; reason: string | null };

export type OutcomeInput = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  resultsFiles: string[];
  evidence: FailureEvidence;
  /** True when the user asked to stop the run. */
  cancelled: boolean;
  /** Message of a spawn failure (`spawn lmms-eval ENOENT`), when the process never started. */
  startError?: string | null;
};

const INSTALL_HINT = "Install a known-good lmms-eval with `npm run setup:lmms-eval` (then restart the dashboard), or set LMMS_EVAL_CMD to the command that runs yours.";
const MISSING_LMMS_EVAL = /No module named '?lmms_eval|ENOENT|command not found/;
const DEBUG_SUFFIX = /\. Please set `--verbosity=DEBUG` to get more information\.$/;

function exceptionLine(traceback: string | null): string | null {
  const lines = traceback?.split("\n").filter((line) => line.trim() !== "") ?? [];
  return lines.at(-1)?.trim() ?? null;
}

function withInstallHint(reason: string): string {
  return MISSING_LMMS_EVAL.test(reason) ? `${reason}. ${INSTALL_HINT}` : reason;
}

/**
 * Success = exit 0 AND at least one `*_results.json` AND no `Error during evaluation` line: lmms-eval catches
 * evaluation exceptions, prints them and still exits 0 (docs/LMMS-EVAL-BEHAVIOUR.md §exit-codes).
 */
export function judgeOutcome({ exitCode, signal, resultsFiles, evidence, cancelled, startError }: OutcomeInput): RunOutcome {
  if (startError) return { status: "failed", reason: withInstallHint(`Could not start lmms-eval: ${startError}`) };
  if (exitCode === 0 && resultsFiles.length > 0 && !evidence.sawEvaluationError) return { status: "succeeded", reason: null };
  // A stop request that arrives after a clean finish does not turn a success into a cancellation (checked above).
  if (cancelled) return { status: "cancelled", reason: "Cancelled by user" };

  if (evidence.sawEvaluationError && evidence.errorLine) {
    return { status: "failed", reason: withInstallHint(evidence.errorLine.replace(DEBUG_SUFFIX, "")) };
  }
  const detail = exceptionLine(evidence.lastTraceback) ?? evidence.lastStderrLine;
  if (signal) {
    return { status: "failed", reason: `lmms-eval was terminated by ${signal}${detail ? `: ${detail}` : ""}` };
  }
  if (exitCode === 0) return { status: "failed", reason: "lmms-eval exited 0 but wrote no results file" };
  const code = exitCode === null ? "without an exit code" : `with code ${exitCode}`;
  return { status: "failed", reason: withInstallHint(`lmms-eval exited ${code}${detail ? `: ${detail}` : ""}`) };
}
