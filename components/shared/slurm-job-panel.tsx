import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RunSlurmDto } from "@/lib/services/runs/run-dto";

const TONE: Record<string, BadgeTone> = {
  PENDING: "neutral",
  CONFIGURING: "blue",
  RUNNING: "blue",
  COMPLETING: "blue",
  COMPLETED: "green",
  CANCELLED: "amber",
};

/**
 * A Slurm run's job on its page: Slurm's own state (PENDING with its reason, RUNNING on a node, TIMEOUT, …), the job
 * id, and the batch script as submitted (it holds no secret values). Works in server and client components.
 */
export function SlurmJobPanel({ slurm }: { slurm: RunSlurmDto }) {
  return (
    <section aria-label="Slurm job" className="space-y-2 text-sm" data-testid="slurm-job">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-zinc-500">Slurm</span>
        <Badge tone={slurm.state ? (TONE[slurm.state] ?? "red") : "neutral"}>{slurm.summary}</Badge>
        {slurm.jobId ? <span className="font-mono text-xs text-zinc-500">job {slurm.jobId}</span> : null}
      </div>
      {slurm.batchScript ? (
        <details>
          <summary className="cursor-pointer text-xs text-zinc-500">Batch script</summary>
          <pre className="mt-2 max-h-96 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100">{slurm.batchScript}</pre>
        </details>
      ) : null}
    </section>
  );
}
