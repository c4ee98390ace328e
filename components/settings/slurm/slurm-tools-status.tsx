import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import type { SlurmToolsStatus } from "@/lib/services/slurm/check-slurm-tools";

/** Can this host submit (sbatch) and does the controller answer (sinfo)? The worker submits from this host. */
export function SlurmToolsStatusCard({ status }: { status: SlurmToolsStatus }) {
  const ready = status.sbatch.found && !status.controllerError;
  return (
    <Card>
      <CardHeader title="Cluster" description="Checked from this host, where the worker submits." actions={ready ? <Badge tone="green">reachable</Badge> : <Badge tone="red">not reachable</Badge>} />
      <dl className="grid grid-cols-[90px_1fr] gap-y-2 px-4 py-3 text-sm" data-testid="slurm-tools">
        <dt className="text-zinc-500">sbatch</dt>
        <dd className="min-w-0 break-words">{status.sbatch.found ? (status.sbatch.version ?? "found") : <span className="text-red-600 dark:text-red-400">{status.sbatch.error}</span>}</dd>
        {status.controllerError ? (
          <>
            <dt className="text-zinc-500">Controller</dt>
            <dd className="min-w-0 break-words text-red-600 dark:text-red-400">{status.controllerError}</dd>
          </>
        ) : null}
        {status.partitions ? (
          <>
            <dt className="text-zinc-500">Partitions</dt>
            <dd className="min-w-0">
              <ul className="space-y-1">
                {status.partitions.map((p) => (
                  <li key={p.name} className="font-mono text-xs">
                    {p.name}
                    {p.isDefault ? " (default)" : ""} · {p.available} · limit {p.timeLimit} · {p.nodes} node(s) {p.state}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}

export function SlurmToolsStatusSkeleton() {
  return (
    <Card>
      <CardHeader title="Cluster" description="Checking sbatch and the controller…" />
      <div className="space-y-2 px-4 py-3" aria-busy="true">
        <div className="h-4 w-2/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-4 w-1/2 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      </div>
    </Card>
  );
}
