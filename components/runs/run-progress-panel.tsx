"use client";

import type { ReactNode } from "react";
import { SlurmJobPanel } from "@/components/shared/slurm-job-panel";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDuration } from "@/lib/format";
import { clampPercent, formatCount, formatEta, formatRate, phaseLabel, runDurationSeconds } from "@/lib/runs-view/format";
import type { RunDto } from "@/lib/services/runs/run-dto";
import { ProgressBar } from "./progress-bar";
import { useRunLive } from "./run-live";

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{label}</dt>
      <dd className="mt-0.5 truncate text-sm font-medium tabular-nums" data-testid={testId}>
        {value ?? <span className="text-zinc-400">—</span>}
      </dd>
    </div>
  );
}

/** What the run is doing now, or for a run that ended early, where it stopped. */
function phaseText(run: Pick<RunDto, "status" | "failureKind">, phase: string | null): string {
  if (run.status === "running") return phaseLabel(phase ?? "starting");
  if (run.status === "queued") return "queued";
  if (run.status === "succeeded") return "finished";
  const ended = run.failureKind === "interrupted" ? "interrupted" : run.status;
  return phase && phase !== "finished" ? `${ended} during ${phaseLabel(phase)}` : ended;
}

/**
 * Live progress from `run:progress`: lmms-eval's phase, the task being built or scored, the current bar's n/total,
 * tqdm's rate and ETA, and an overall percentage weighted by phase (setup, contexts, inference, postprocessing).
 */
export function RunProgressPanel() {
  const { run, now, queueLength } = useRunLive();
  // Finished: the header has the duration and the results say the rest; only a Slurm job's record stays useful.
  if (run.status === "succeeded") {
    return run.slurm ? (
      <Card>
        <CardHeader title="Slurm job" />
        <div className="px-4 py-4">
          <SlurmJobPanel slurm={run.slurm} />
        </div>
      </Card>
    ) : null;
  }
  const p = run.progress;
  const percent = clampPercent(p?.percent ?? 0);
  const running = run.status === "running";
  return (
    <Card>
      <CardHeader title="Progress" description={running ? "Updates as lmms-eval prints." : undefined} />
      <div className="space-y-4 px-4 py-4">
        {run.status === "queued" ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="run-queue-note">
            Waiting in the queue{run.queuePosition ? ` — #${run.queuePosition}${queueLength ? ` of ${queueLength}` : ""}` : ""}. {run.executor === "slurm" ? "The worker submits it to Slurm" : "It starts when the worker has a free slot"}.
          </p>
        ) : null}
        <div>
          <div className="mb-1.5 flex items-baseline justify-between">
            <span className="text-3xl font-semibold tracking-tight tabular-nums" data-testid="run-percent">
              {percent}
              <span className="text-lg text-zinc-400">%</span>
            </span>
            <span className="text-sm text-zinc-500" data-testid="run-phase">
              {phaseText(run, p?.phase ?? null)}
            </span>
          </div>
          <ProgressBar percent={percent} status={run.status} size="md" label={`Run #${run.id} overall progress`} />
        </div>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
          <Stat label="Current task" value={p?.task ?? (p?.phase === "inference" && p.tasks.length ? "all tasks" : null)} />
          <Stat label={p?.requestType ? `Items · ${p.requestType}` : "Items"} value={formatCount(p)} testId="run-items" />
          <Stat label="Rate" value={running ? formatRate(p?.rate) : null} />
          <Stat label="ETA" value={running ? formatEta(p?.etaSeconds) : null} testId="run-eta" />
          <Stat label={running ? "Elapsed" : "Duration"} value={run.startedAt ? formatDuration(runDurationSeconds(run, now)) : null} />
          <Stat label="Tasks" value={p?.tasks.length ? p.tasks.length : run.tasks.length} />
        </dl>
        {run.slurm ? <SlurmJobPanel slurm={run.slurm} /> : null}
      </div>
    </Card>
  );
}
