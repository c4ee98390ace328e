import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { StoredProgress } from "@/db/schema";
import { createLineSplitter, ProgressTracker, stripAnsi, type StreamName } from "@/lib/lmms-eval/stream";

export const STANDIN_PYTHONPATH = fileURLToPath(new URL("../../fixtures/standin", import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL("../../fixtures/lmms-eval", import.meta.url));

export type StandinRun = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  tracker: ProgressTracker;
  snapshots: StoredProgress[];
  resultsFiles: string[];
};

export type StandinOptions = {
  /** Replaces PYTHONPATH (e.g. with "" to simulate a missing install). */
  pythonPath?: string;
  /** Sends this signal to the process group once `when` holds for a snapshot. */
  interrupt?: { signal: NodeJS.Signals; when: (progress: StoredProgress) => boolean };
};

export function makeOutputDir(): string {
  return mkdtempSync(path.join(tmpdir(), "standin-run-"));
}

export function findResultsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith("_results.json"))
    .map((file) => path.join(dir, file));
}

/** Spawns `python3 -m lmms_eval <args>` like the dashboard runner would and feeds a ProgressTracker live. */
export function runStandin(args: string[], outputDir: string | null, options: StandinOptions = {}): Promise<StandinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", ["-m", "lmms_eval", ...args], {
      // No __pycache__ inside the fixture tree.
      env: { ...process.env, PYTHONPATH: options.pythonPath ?? STANDIN_PYTHONPATH, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1" },
      detached: true,
    });
    const tracker = new ProgressTracker();
    const snapshots: StoredProgress[] = [];
    const raw: Record<StreamName, Buffer[]> = { stdout: [], stderr: [] };
    let interrupted = false;

    const attach = (stream: StreamName, source: NodeJS.ReadableStream) => {
      const splitter = createLineSplitter((text, terminator) => {
        tracker.feed(stream, stripAnsi(text), terminator);
        const progress = tracker.snapshot();
        snapshots.push(progress);
        if (options.interrupt && !interrupted && options.interrupt.when(progress)) {
          interrupted = true;
          process.kill(-child.pid!, options.interrupt.signal);
        }
      });
      source.on("data", (chunk: Buffer) => {
        raw[stream].push(chunk);
        splitter.push(chunk);
      });
      source.on("end", () => splitter.end());
    };
    attach("stdout", child.stdout);
    attach("stderr", child.stderr);
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(raw.stdout).toString("utf8"),
        stderr: Buffer.concat(raw.stderr).toString("utf8"),
        tracker,
        snapshots,
        resultsFiles: outputDir ? findResultsFiles(outputDir) : [],
      });
    });
  });
}
