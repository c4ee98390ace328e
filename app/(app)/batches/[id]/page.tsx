import { ArrowLeft, CalendarClock } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { BatchFinished, BatchGrid, BatchProgress, BatchRunsTable } from "@/components/batches/batch-view";
import { AutoRefresh } from "@/components/schedules/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNotFound } from "@/lib/page-load";
import { formatDateTime } from "@/lib/format";
import { BATCH_POLL_MS } from "@/lib/schedules-view/batches";
import { describeParams } from "@/lib/schedules-view/params";
import { listAllVersions } from "@/lib/services/models/manage-models";
import { getBatch } from "@/lib/services/schedules/batches";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: /^\d+$/.test(id) ? `Batch ${id}` : "Batch" };
}

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const db = getDb();
  const batch = loadOrNotFound(() => getBatch({ db, ctx, batchId: id }));
  const versions = new Map(listAllVersions({ db, ctx }).map((v) => [v.id, v]));
  const running = batch.status === "running";
  const params_ = describeParams(batch.target.params);

  return (
    <>
      <Link href="/schedules" className="mb-2 inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
        <ArrowLeft size={12} aria-hidden /> Schedules
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {batch.name}
            <Badge tone={running ? "blue" : "green"}>{running ? "running" : "finished"}</Badge>
          </span>
        }
        description={
          <>
            Batch {batch.id} · started {formatDateTime(batch.createdAt)}
            {batch.finishedAt ? ` · finished ${formatDateTime(batch.finishedAt)}` : ""} · {batch.target.tasks.length} task{batch.target.tasks.length === 1 ? "" : "s"}
            {params_ ? ` · ${params_}` : ""}
          </>
        }
        actions={
          running ? (
            <Link href={batch.compareUrl} className={buttonClasses("secondary")}>
              Board so far
            </Link>
          ) : null
        }
      />
      {running ? <AutoRefresh intervalMs={BATCH_POLL_MS} atMs={null} /> : null}
      <div className="space-y-5">
        {running ? (
          <p role="status" className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <CalendarClock size={15} aria-hidden /> Runs are queued or running; this page updates every few seconds.
          </p>
        ) : (
          <BatchFinished batch={batch} />
        )}
        <BatchProgress batch={batch} />
        <BatchGrid batch={batch} versions={versions} />
        <BatchRunsTable batch={batch} versions={versions} />
      </div>
    </>
  );
}
