import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { IngestError } from "./errors";

export interface LocatedSamplesFile {
  task: string;
  path: string;
}

/** One lmms-eval results file and the samples files written with it (same directory, same stamp). */
export interface LocatedRunFiles {
  resultsPath: string;
  /** The `<YYYYMMDD_HHMMSS>` prefix shared by the run's files. */
  stamp: string;
  /** Sorted by task name. */
  samples: LocatedSamplesFile[];
}

const RESULTS_SUFFIX = "_results.json";
const SAMPLES_FILE_PATTERN = /^(.+?)_samples_(.+)\.jsonl$/;

/** `20260806_101502_samples_mme.jsonl` → `mme` (docs/LMMS-EVAL-BEHAVIOUR.md §output-files); null for any other name. Accepts a path. */
export function taskFromSamplesFileName(name: string): string | null {
  return SAMPLES_FILE_PATTERN.exec(path.basename(name))?.[2] ?? null;
}

/**
 * Finds every `*_results.json` under `folder` (lmms-eval nests them under `<model_name_sanitized>/`, or not at
 * all) and pairs each with its `<stamp>_samples_<task>.jsonl` siblings. Symlinks are followed only
 * while they stay inside `folder`; one pointing outside makes the whole import fail with `IngestError`, because an
 * import folder must not become a way to read arbitrary files. Paths are returned absolute, under `folder`.
 */
export async function locateResultFiles(folder: string): Promise<LocatedRunFiles[]> {
  const folderPath = path.resolve(folder);
  const folderStat = await stat(folderPath).catch(() => null);
  if (!folderStat?.isDirectory()) throw new IngestError({ file: folderPath, reason: "not a readable folder" });
  const root = await realpath(folderPath);
  const located: LocatedRunFiles[] = [];
  const visitedDirectories = new Set<string>();

  async function visit(directory: string, realDirectory: string): Promise<void> {
    // A symlink back to an ancestor would otherwise loop forever.
    if (visitedDirectories.has(realDirectory)) return;
    visitedDirectories.add(realDirectory);
    const fileNames: string[] = [];
    const entries = await readdir(directory, { withFileTypes: true });
    entries.sort((left, right) => compareCodeUnits(left.name, right.name));
    for (const entry of entries) {
      const entryPath = path.join(directory, entry.name);
      if (entry.isSymbolicLink()) {
        const target = await realpath(entryPath).catch(() => null);
        if (target === null) continue; // dangling: nothing to read
        if (!isInside(root, target)) {
          throw new IngestError({ file: entryPath, reason: `symlink points outside the import folder (to ${target})` });
        }
        const targetStat = await stat(target);
        if (targetStat.isDirectory()) await visit(entryPath, target);
        else if (targetStat.isFile()) fileNames.push(entry.name);
      } else if (entry.isDirectory()) {
        await visit(entryPath, path.join(realDirectory, entry.name));
      } else if (entry.isFile()) {
        fileNames.push(entry.name);
      }
    }
    for (const name of fileNames) {
      if (!name.endsWith(RESULTS_SUFFIX) || name.length === RESULTS_SUFFIX.length) continue;
      const stamp = name.slice(0, -RESULTS_SUFFIX.length);
      const samplesPrefix = `${stamp}_samples_`;
      const samples = fileNames
        .filter((candidate) => candidate.startsWith(samplesPrefix) && candidate.endsWith(".jsonl") && candidate.length > samplesPrefix.length + ".jsonl".length)
        .map((candidate) => ({ task: candidate.slice(samplesPrefix.length, -".jsonl".length), path: path.join(directory, candidate) }))
        .sort((left, right) => compareCodeUnits(left.task, right.task));
      located.push({ resultsPath: path.join(directory, name), stamp, samples });
    }
  }

  await visit(folderPath, root);
  return located.sort((left, right) => compareCodeUnits(left.resultsPath, right.resultsPath));
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === "" || (relative.split(path.sep)[0] !== ".." && !path.isAbsolute(relative));
}

/** Locale-independent order, so the same folder lists the same way on every machine. */
function compareCodeUnits(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
