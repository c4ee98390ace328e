import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const STANDIN_PYTHONPATH = path.resolve(import.meta.dirname, "..", "fixtures", "standin");
export const STANDIN_COMMAND = ["python3", "-m", "lmms_eval"];

/** Makes spawned children find the stand-in package as `lmms_eval` (and keep the fixture tree free of .pyc). */
export function useStandinEnvironment(): void {
  process.env.PYTHONPATH = STANDIN_PYTHONPATH;
  process.env.PYTHONDONTWRITEBYTECODE = "1";
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** What createRun and the runner need from the config; `includePaths` are the include folders runs may use. */
export function testRunConfig(runsDir: string, { includePaths = [] as string[] } = {}) {
  return {
    runsDir,
    lmmsEvalCommand: STANDIN_COMMAND,
    encryptionKey: crypto.randomBytes(32),
    lmmsEvalIncludePaths: includePaths,
    responseCacheRoot: path.join(path.dirname(runsDir), "response-cache"),
  };
}
