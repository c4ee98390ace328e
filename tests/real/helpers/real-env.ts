import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The real lmms-eval command, prepared by scripts/test-real.mjs (which installs or reuses the pinned environment).
 * Running this tier any other way is a mistake worth a loud failure, never a silent skip.
 */
export function realLmmsEvalCommand(): { command: string[]; version: string; venv: string } {
  const raw = process.env.LMMS_EVAL_REAL_COMMAND;
  if (!raw) throw new Error("The real lmms-eval tier needs its Python environment: run it with `npm run test:real` (scripts/test-real.mjs).");
  const command = JSON.parse(raw) as string[];
  if (!Array.isArray(command) || !fs.existsSync(command[0])) throw new Error(`LMMS_EVAL_REAL_COMMAND does not name an existing interpreter: ${raw}`);
  return { command, version: process.env.LMMS_EVAL_REAL_VERSION ?? "", venv: process.env.LMMS_EVAL_REAL_VENV ?? path.dirname(path.dirname(command[0])) };
}

export const REAL_TASKS_DIR = path.resolve(import.meta.dirname, "..", "tasks");

/** Offline, CPU-only, no .pyc in the repository, and local servers never behind a proxy. */
export function useOfflineLmmsEvalEnvironment(dataDir: string): void {
  Object.assign(process.env, {
    HF_HUB_OFFLINE: "1",
    HF_DATASETS_OFFLINE: "1",
    TRANSFORMERS_OFFLINE: "1",
    HF_DATASETS_CACHE: path.join(dataDir, "hf-datasets"),
    PYTHONDONTWRITEBYTECODE: "1",
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
  });
  delete process.env.PYTHONPATH;
  delete process.env.LMMS_EVAL_CMD;
}

export function runPython(command: string[], args: string[], timeoutMs = 240_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(command[0], [...command.slice(1), ...args], { timeout: timeoutMs, maxBuffer: 64 << 20, env: process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Every live process whose environment carries the run marker the worker gives each lmms-eval child. */
export function processesOfRun(runId: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (environ.includes(`LMMS_DASHBOARD_RUN_ID=${runId}`)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}
