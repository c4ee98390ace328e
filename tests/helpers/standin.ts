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

export function testRunConfig(runsDir: string) {
  return { runsDir, lmmsEvalCommand: STANDIN_COMMAND, encryptionKey: crypto.randomBytes(32) };
}
