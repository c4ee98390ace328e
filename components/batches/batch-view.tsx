import { ArrowRight, CheckCircle2, Recycle } from "lucide-react";
import Link from "next/link";
import { RunChip } from "@/components/schedules/firing-outcome";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { batchGrid, batchPercent, batchRuns, ITEM_TONE, versionName } from "@/lib/schedules-view/batches";
import type { BatchDto } from "@/lib/services/schedules/batches";

type Version = { id: number; label: string; modelName: string };

export function BatchProgress({ batch }: { batch: BatchDto }) {
  const percent = batchPercent(batch.progress);
  const { done, total, failed, reused } = batch.progress;
  return (
    <Card>
      <div className="px-4 py-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <p className="text-sm" data-testid="batch-progress">
            <strong className="text-2xl font-semibold tabular-nums">{done}</strong>
            <span className="text-zinc-500"> of {total} run{total === 1 ? "" : "s"} finished</span>
            {failed ? <span className="ml-2 text-red-700 dark:text-red-400">· {failed} failed</span> : null}
          </p>
          <p className="text-xs text-zinc-500">
            {reused} result{reused === 1 ? "" : "s"} reused{batch.force ? " · forced: nothing reused" : ""}
          </p>
        </div>
        <div
          role="progressbar"
          aria-label="Batch progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="mt-3 h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        >
          <div className={`h-full rounded-full transition-[width] ${failed ? "bg-amber-500" : "bg-accent-600"}`} style={{ width: `${percent}%` }} />
        </div>
      </div>
    </Card>
  );
}

/** Finished: the one thing to do next is to look at the comparison. */
export function BatchFinished({ batch }: { batch: BatchDto }) {
  return (
    <div role="status" className="flex flex-wrap items-center justify-between gap-4 rounded-lg border border-emerald-300 bg-emerald-50 px-5 py-4 dark:border-emerald-900 dark:bg-emerald-950/30">
      <div className="flex items-start gap-3">
        <CheckCircle2 size={22} aria-hidden className="mt-0.5 shrink-0 text-emerald-600 dark:text-emerald-400" />
        <div>
          <p className="font-semibold">The batch is complete</p>
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="batch-summary">
            {batch.summary}
          </p>
        </div>
      </div>
      <Link href={batch.compareUrl} className={buttonClasses("primary")} data-testid="batch-compare-link">
        Open the comparison <ArrowRight size={15} aria-hidden />
      </Link>
    </div>
  );
}

export function BatchGrid({ batch, versions }: { batch: BatchDto; versions: ReadonlyMap<number, Version> }) {
  const rows = batchGrid(batch.target, batch.items);
  return (
    <Card>
      <CardHeader title="Results by version and task" description="Each cell is the run that produces (or already produced) that result." />
      <Table>
        <thead>
          <tr>
            <Th>Version</Th>
            {batch.target.tasks.map((t) => (
              <Th key={t} className="font-mono normal-case">
                {t}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.versionId} data-testid="batch-row">
              <Td className="font-medium whitespace-nowrap">
                {versionName(versions, row.versionId)}
                {"baselineVersionId" in batch.target && batch.target.baselineVersionId === row.versionId ? (
                  <Badge tone="violet" className="ml-1.5">
                    baseline
                  </Badge>
                ) : null}
              </Td>
              {row.cells.map((cell, i) => (
                <Td key={batch.target.tasks[i]}>
                  {cell?.runId ? (
                    <span className="inline-flex items-center gap-1.5">
                      <RunChip runId={cell.runId} status={cell.status} />
                      {cell.reused ? (
                        <span title="An identical earlier result was reused" className="inline-flex items-center gap-0.5 text-xs text-zinc-500">
                          <Recycle size={11} aria-hidden /> reused
                        </span>
                      ) : null}
                    </span>
                  ) : (
                    <span className="text-xs text-zinc-500">—</span>
                  )}
                </Td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

export function BatchRunsTable({ batch, versions }: { batch: BatchDto; versions: ReadonlyMap<number, Version> }) {
  const runs = batchRuns(batch.items);
  return (
    <Card>
      <CardHeader title={`Runs (${runs.length})`} />
      <Table>
        <thead>
          <tr>
            <Th>Run</Th>
            <Th>Status</Th>
            <Th>Version</Th>
            <Th>Tasks</Th>
            <Th>Source</Th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.runId} data-testid="batch-run" data-status={r.status ?? "unknown"}>
              <Td>
                <Link href={`/runs/${r.runId}`} className="font-medium tabular-nums hover:underline">
                  #{r.runId}
                </Link>
              </Td>
              <Td>
                <Badge tone={ITEM_TONE[r.status ?? ""] ?? "neutral"}>{r.status ?? "deleted"}</Badge>
              </Td>
              <Td>{versionName(versions, r.versionId)}</Td>
              <Td className="font-mono text-xs">{r.tasks.join(", ")}</Td>
              <Td className="text-xs text-zinc-500">{r.reused ? "reused result" : "launched by this batch"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
