import path from "node:path";

/**
 * The one place that knows how a run's files are laid out. A run's folder is `<runs folder>/<id>/`; the runs folder
 * is `DATA_DIR/runs` for local runs and `<shared folder>/runs` for Slurm runs (the job's working directory, seen by
 * every node). The dashboard's own copy of the console stays under DATA_DIR for both.
 */
export type RunFolder = {
  runDir: string;
  /** The dashboard's console copy, secrets masked (written by the worker, downloaded from the run page). */
  consoleLog: string;
  /** lmms-eval's `--output_path`: its results JSON and samples JSONL files. */
  outputDir: string;
  /** Slurm: the job's stdout and stderr (`#SBATCH --output` / `--error`), tailed by the worker. */
  stdout: string;
  stderr: string;
  /** Slurm: the run's environment and secret arguments (0600); the batch script reads it and deletes it. */
  envFile: string;
  /** Slurm: lmms-eval's exit status, written by the batch script: still readable after Slurm has forgotten the job. */
  exitStatus: string;
};

/** The runs folder under a root: DATA_DIR, or the Slurm shared folder. */
export function runsDirIn(root: string): string {
  return path.join(root, "runs");
}

export function runFolder(runsDir: string, runId: number): RunFolder {
  return runFolderAt(path.join(runsDir, String(runId)));
}

/** A run's folder from its stored output folder (a Slurm run followed again after a worker restart). */
export function runFolderOfOutput(outputDir: string): RunFolder {
  return runFolderAt(path.dirname(outputDir));
}

/** The layout inside a given run folder. */
export function runFolderAt(runDir: string): RunFolder {
  return {
    runDir,
    consoleLog: path.join(runDir, "console.log"),
    outputDir: path.join(runDir, "output"),
    stdout: path.join(runDir, "slurm-stdout.log"),
    stderr: path.join(runDir, "slurm-stderr.log"),
    envFile: path.join(runDir, "run.env"),
    exitStatus: path.join(runDir, "exit-status"),
  };
}
