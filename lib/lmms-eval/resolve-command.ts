import fs from "node:fs";
import path from "node:path";

/** Where `npm run setup:lmms-eval` records the command of the environment it created. */
export const SETUP_RECORD_FILE = "lmms-eval.json";

export type ResolvedCommand = { command: string[]; source: "env" | "setup" | "path" | "default" };

/**
 * Splits LMMS_EVAL_CMD into an argv prefix. Accepts a JSON array (exact) or whitespace-separated words with simple
 * single/double quoting. It is never handed to a shell: the words become argv elements.
 */
export function splitCommandLine(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith("[")) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || parsed.some((p) => typeof p !== "string") || parsed.length === 0) {
      throw new Error("LMMS_EVAL_CMD as JSON must be a non-empty array of strings");
    }
    return parsed as string[];
  }
  const words: string[] = [];
  let current = "";
  let quote: '"' | "'" | null = null;
  let inWord = false;
  for (const ch of trimmed) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`LMMS_EVAL_CMD has an unclosed ${quote} quote`);
  if (inWord) words.push(current);
  if (words.length === 0) throw new Error("LMMS_EVAL_CMD is empty");
  return words;
}

export function findOnPath(executable: string, pathEnv: string): string | null {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, executable);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

/** LMMS_EVAL_CMD > the environment `setup:lmms-eval` recorded > `lmms-eval` on PATH > `python3 -m lmms_eval`. */
export function resolveLmmsEvalCommand(opts: { envValue?: string; dataDir: string; pathEnv: string }): ResolvedCommand {
  if (opts.envValue && opts.envValue.trim() !== "") {
    try {
      return { command: splitCommandLine(opts.envValue), source: "env" };
    } catch (error) {
      throw new Error(`Invalid configuration: LMMS_EVAL_CMD: ${(error as Error).message}`);
    }
  }
  const record = path.join(opts.dataDir, SETUP_RECORD_FILE);
  if (fs.existsSync(record)) {
    const parsed = JSON.parse(fs.readFileSync(record, "utf8")) as { command?: unknown };
    if (Array.isArray(parsed.command) && parsed.command.every((p) => typeof p === "string") && parsed.command.length) {
      return { command: parsed.command as string[], source: "setup" };
    }
  }
  if (findOnPath("lmms-eval", opts.pathEnv)) return { command: ["lmms-eval"], source: "path" };
  return { command: ["python3", "-m", "lmms_eval"], source: "default" };
}
