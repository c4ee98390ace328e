import path from "node:path";

/** Where Slurm runs live under the shared folder: `<shared>/runs/<id>/`, the same layout as `DATA_DIR/runs/<id>/`. */
export function slurmRunsDir(sharedDir: string): string {
  return path.join(sharedDir, "runs");
}

export type SlurmRunPaths = {
  /** The run's folder on the shared file system (the job's working directory). */
  runDir: string;
  /** lmms-eval's `--output_path` (results and samples). */
  outputDir: string;
  /** The job's stdout and stderr (`#SBATCH --output` / `--error`), tailed by the worker. */
  stdout: string;
  stderr: string;
  /** The run's environment and secret arguments (0600); the script reads it and deletes it. */
  envFile: string;
  /** lmms-eval's exit status, written by the script: still readable after Slurm has forgotten the job. */
  exitStatus: string;
};

export function slurmRunPaths(runDir: string): SlurmRunPaths {
  return {
    runDir,
    outputDir: path.join(runDir, "output"),
    stdout: path.join(runDir, "slurm-stdout.log"),
    stderr: path.join(runDir, "slurm-stderr.log"),
    envFile: path.join(runDir, "run.env"),
    exitStatus: path.join(runDir, "exit-status"),
  };
}

/** The job name every dashboard job gets (visible in squeue), and the comment that ties a job to its run folder. */
export function slurmJobName(runId: number): string {
  return `lmms-eval-run-${runId}`;
}
