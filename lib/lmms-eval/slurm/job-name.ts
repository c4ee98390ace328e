/** The job name every dashboard job gets (visible in squeue), and the comment that ties a job to its run folder. */
export function slurmJobName(runId: number): string {
  return `lmms-eval-run-${runId}`;
}
