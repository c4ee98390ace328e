import { describe, expect, it } from "vitest";

import { judgeOutcome, type FailureEvidence } from "@/lib/lmms-eval/stream";

const CLEAN: FailureEvidence = { sawEvaluationError: false, errorLine: null, lastTraceback: null, lastStderrLine: null };
const RESULTS = ["/runs/1/org__m/20260806_101502_results.json"];

describe("judgeOutcome", () => {
  it("succeeds only with exit 0, a results file and no evaluation error", () => {
    expect(judgeOutcome({ exitCode: 0, signal: null, resultsFiles: RESULTS, evidence: CLEAN, cancelled: false })).toEqual({ status: "succeeded", reason: null });
  });

  it("fails an exit-0 run that logged Error during evaluation, quoting the error without the DEBUG advice", () => {
    const evidence = { ...CLEAN, sawEvaluationError: true, errorLine: "Error during evaluation: Tasks not found: nope. Please set `--verbosity=DEBUG` to get more information." };
    expect(judgeOutcome({ exitCode: 0, signal: null, resultsFiles: [], evidence, cancelled: false })).toEqual({ status: "failed", reason: "Error during evaluation: Tasks not found: nope" });
    // Even a stale results file does not make it a success.
    expect(judgeOutcome({ exitCode: 0, signal: null, resultsFiles: RESULTS, evidence, cancelled: false }).status).toBe("failed");
  });

  it("fails an exit-0 run without results", () => {
    expect(judgeOutcome({ exitCode: 0, signal: null, resultsFiles: [], evidence: CLEAN, cancelled: false })).toEqual({ status: "failed", reason: "lmms-eval exited 0 but wrote no results file" });
  });

  it("names the exception of the last traceback for a non-zero exit", () => {
    const evidence = { ...CLEAN, lastTraceback: 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nRuntimeError: Accelerator initialisation failed' };
    expect(judgeOutcome({ exitCode: 1, signal: null, resultsFiles: [], evidence, cancelled: false })).toEqual({
      status: "failed",
      reason: "lmms-eval exited with code 1: RuntimeError: Accelerator initialisation failed",
    });
  });

  it("falls back to the last stderr line, e.g. an argparse error", () => {
    const evidence = { ...CLEAN, lastStderrLine: "__main__.py: error: unrecognized arguments: --bogus" };
    expect(judgeOutcome({ exitCode: 2, signal: null, resultsFiles: [], evidence, cancelled: false }).reason).toBe("lmms-eval exited with code 2: __main__.py: error: unrecognized arguments: --bogus");
  });

  it("reports cancellation when the user stopped the run, and a signal death otherwise", () => {
    const evidence = { ...CLEAN, lastTraceback: "Traceback (most recent call last):\n  File \"m.py\", line 9, in g\nKeyboardInterrupt" };
    expect(judgeOutcome({ exitCode: null, signal: "SIGINT", resultsFiles: [], evidence, cancelled: true })).toEqual({ status: "cancelled", reason: "Cancelled by user" });
    expect(judgeOutcome({ exitCode: null, signal: "SIGKILL", resultsFiles: [], evidence: CLEAN, cancelled: false })).toEqual({ status: "failed", reason: "lmms-eval was terminated by SIGKILL" });
    expect(judgeOutcome({ exitCode: null, signal: "SIGINT", resultsFiles: [], evidence, cancelled: false }).reason).toBe("lmms-eval was terminated by SIGINT: KeyboardInterrupt");
  });

  it("keeps a success that finished before a late stop request", () => {
    expect(judgeOutcome({ exitCode: 0, signal: null, resultsFiles: RESULTS, evidence: CLEAN, cancelled: true }).status).toBe("succeeded");
  });

  it("explains how to install lmms-eval or set LMMS_EVAL_CMD when it cannot start", () => {
    const notFound = judgeOutcome({ exitCode: null, signal: null, resultsFiles: [], evidence: CLEAN, cancelled: false, startError: "spawn lmms-eval ENOENT" });
    expect(notFound.status).toBe("failed");
    expect(notFound.reason).toMatch(/^Could not start lmms-eval: spawn lmms-eval ENOENT\. .*npm run setup:lmms-eval.*LMMS_EVAL_CMD/);

    const noModule = judgeOutcome({ exitCode: 1, signal: null, resultsFiles: [], evidence: { ...CLEAN, lastStderrLine: "/usr/bin/python3: No module named lmms_eval" }, cancelled: false });
    expect(noModule.reason).toMatch(/^lmms-eval exited with code 1: \/usr\/bin\/python3: No module named lmms_eval\. .*LMMS_EVAL_CMD/);
  });
});
