import { execFile } from "node:child_process";

export type LmmsEvalDetection = { found: boolean; version: string | null; command: string[]; error: string | null };

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; value: Promise<LmmsEvalDetection> }>();

/**
 * Runs `<command> version` (a light subcommand: it does not import torch, docs/LMMS-EVAL-BEHAVIOUR.md §subcommands) and reads
 * `lmms-eval <version>` from its first line. Cached for a minute because /api/health may be polled.
 */
export function detectLmmsEval(command: string[], env: NodeJS.ProcessEnv = process.env): Promise<LmmsEvalDetection> {
  const key = JSON.stringify(command);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = new Promise<LmmsEvalDetection>((resolve) => {
    execFile(command[0], [...command.slice(1), "version"], { timeout: 30_000, env, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const match = /lmms-eval\s+v?(\S+)/.exec(stdout);
      if (match) return resolve({ found: true, version: match[1], command, error: null });
      const reason = (error as NodeJS.ErrnoException | null)?.code === "ENOENT"
        ? `${command[0]} was not found on PATH`
        : (stderr.trim().split("\n").pop() || error?.message || "unrecognised output from `version`").slice(0, 500);
      resolve({ found: false, version: null, command, error: reason });
    });
  });
  cache.set(key, { at: Date.now(), value });
  return value;
}

export function clearLmmsEvalDetectionCache(): void {
  cache.clear();
}
