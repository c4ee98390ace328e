import { ArrowLeftRight, GitCompareArrows } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CompareNav } from "@/components/compare/compare-nav";
import { BucketTiles } from "@/components/compare/samples/bucket-tiles";
import { SampleDiffBrowser, type DiffItem } from "@/components/compare/samples/sample-diff-browser";
import { SampleDiffPicker } from "@/components/compare/samples/sample-diff-picker";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNull, loadOrProblem } from "@/lib/page-load";
import { BUCKET_INFO, BUCKET_ORDER, parseSamplesView, runsHref, samplesHref, type BucketName } from "@/lib/compare-view/compare-url";
import { runLabel } from "@/lib/compare-view/format";
import { formatCount, pPhrase } from "@/lib/number-format";
import { sampleDiff } from "@/lib/services/compare/sample-diff";
import { getRunResults } from "@/lib/services/results/get-run-results";
import { classifyMediaRef } from "@/lib/services/results/resolve-media";
import { getRunForViewer } from "@/lib/services/runs/get-run";
import { listRuns } from "@/lib/services/runs/list-runs";
import type { RunDto } from "@/lib/services/runs/run-dto";
import type { ServiceContext } from "@/lib/auth/actor";
import type { DB } from "@/db/client";

export const metadata: Metadata = { title: "Sample diff" };

const PAGE_SIZE = 50;

function findRun(db: DB, ctx: ServiceContext, id: number | null): (RunDto & { mayComment: boolean }) | null {
  if (id === null) return null;
  const found = loadOrNull(() => getRunForViewer({ db, ctx, runId: id }));
  return found ? { ...found.run, mayComment: found.may.comment } : null;
}

/** Tasks with samples in a run (group aggregates have none). */
function sampleTasks(db: DB, ctx: ServiceContext, run: RunDto | null): string[] | null {
  if (!run) return null;
  return getRunResults({ db, ctx, runId: run.id })?.tasks.filter((t) => !t.isGroup && t.sampleCount > 0).map((t) => t.task) ?? [];
}

export default async function SampleDiffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const db = getDb();
  const view = parseSamplesView(await searchParams);
  const base = findRun(db, ctx, view.base);
  const other = findRun(db, ctx, view.other);
  const baseTasks = sampleTasks(db, ctx, base);
  const otherTasks = sampleTasks(db, ctx, other);
  const shared = baseTasks && otherTasks ? baseTasks.filter((t) => otherTasks.includes(t)) : null;
  const candidates = listRuns({ db, ctx, input: { status: "succeeded", limit: 100 } }).items.map((r) => ({ id: r.id, label: runLabel(r) }));

  const header = (
    <>
      <PageHeader title="Sample diff" description="Which samples the other run fixed, which it broke — and what the two models actually answered." />
      <CompareNav active="samples" />
    </>
  );
  const picker = (
    <Card>
      <CardHeader title="Runs and task" />
      <SampleDiffPicker runs={candidates} base={view.base} other={view.other} task={view.task} tasks={shared} />
    </Card>
  );

  const missing = [view.base !== null && !base ? `run #${view.base}` : null, view.other !== null && !other ? `run #${view.other}` : null].filter(Boolean);
  if (!base || !other || !view.task || missing.length) {
    return (
      <>
        {header}
        <div className="space-y-5">
          {picker}
          {missing.length ? (
            <EmptyState title="Run not found">{missing.join(" and ")} does not exist.</EmptyState>
          ) : base && other && shared && shared.length === 0 ? (
            <EmptyState title="No shared samples">These two runs logged no samples for a common task (lmms-eval writes samples only with --log_samples).</EmptyState>
          ) : (
            <EmptyState title="Choose two runs and a task">
              Or open a run comparison and follow a task&apos;s <span className="font-medium">samples</span> link.
            </EmptyState>
          )}
        </div>
      </>
    );
  }

  if (shared && !shared.includes(view.task)) {
    return (
      <>
        {header}
        <div className="space-y-5">
          {picker}
          <EmptyState title={`No samples of “${view.task}” in both runs`}>
            {shared.length ? `Tasks with samples in both: ${shared.join(", ")}.` : "These two runs logged no samples for a common task (lmms-eval writes samples only with --log_samples)."}
          </EmptyState>
        </div>
      </>
    );
  }

  const baseLabel = runLabel(base);
  const otherLabel = runLabel(other);
  const loaded = loadOrProblem(() => sampleDiff({ db, ctx, input: { base: base.id, other: other.id, task: view.task, bucket: view.bucket ?? undefined, cursor: view.cursor ?? undefined, limit: PAGE_SIZE } }));
  if (loaded.value === null) {
    return (
      <>
        {header}
        <div className="space-y-5">
          {picker}
          <EmptyState title="No samples to diff">{loaded.problem}.</EmptyState>
        </div>
      </>
    );
  }
  const diff = loaded.value;
  const { counts } = diff;
  // Without a chosen bucket, open the most telling non-empty one: what changed first.
  const bucket: BucketName = view.bucket ?? BUCKET_ORDER.find((b) => counts[b] > 0) ?? "fixed";
  const page = view.bucket ? diff : sampleDiff({ db, ctx, input: { base: base.id, other: other.id, task: view.task, bucket, limit: PAGE_SIZE } });
  const items: DiffItem[] = page.items.map((item) => ({
    docId: item.docId,
    target: item.target,
    input: item.input,
    media: item.inputMedia.filter((ref): ref is string => typeof ref === "string").map((ref) => classifyMediaRef(ref)),
    base: item.base,
    other: item.other,
  }));
  const { test } = diff;

  return (
    <>
      {header}
      <div className="space-y-5">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm">
            <span className="font-mono font-semibold">{view.task}</span>
            <span className="mx-2 text-zinc-400">·</span>
            <Link href={`/runs/${base.id}`} className="font-medium hover:underline">
              {baseLabel}
            </Link>
            <span className="mx-2 text-zinc-400">→</span>
            <Link href={`/runs/${other.id}`} className="font-medium hover:underline">
              {otherLabel}
            </Link>
          </p>
          <div className="flex gap-2">
            <Link href={samplesHref({ base: other.id, other: base.id, task: view.task, bucket: view.bucket })} className={buttonClasses("secondary", "sm")}>
              <ArrowLeftRight size={13} aria-hidden /> Swap
            </Link>
            <Link href={runsHref({ runs: [base.id, other.id], reference: base.id })} className={buttonClasses("secondary", "sm")}>
              <GitCompareArrows size={13} aria-hidden /> Compare the runs
            </Link>
          </div>
        </div>

        <BucketTiles counts={counts} view={view} active={bucket} />

        <p className="text-xs text-zinc-500" data-testid="sample-diff-facts">
          {formatCount(counts.shared)} samples in both runs
          {counts.unscored ? ` · ${formatCount(counts.unscored)} not scored right/wrong` : ""}
          {counts.onlyBase ? ` · ${formatCount(counts.onlyBase)} only in the base run` : ""}
          {counts.onlyOther ? ` · ${formatCount(counts.onlyOther)} only in the other run` : ""}
          {test
            ? ` · this task alone: ${test.test}, n = ${formatCount(test.n)} discordant samples, ${pPhrase("p", test.pValue)} (not adjusted for other tasks; the run comparison Holm-adjusts across all of them)`
            : " · no sample changed between right and wrong"}
        </p>

        <Card className="overflow-hidden">
          <CardHeader title={`${BUCKET_INFO[bucket].title} (${formatCount(counts[bucket])})`} description={`Samples ${BUCKET_INFO[bucket].description}. Click one to read both answers side by side.`} />
          <SampleDiffBrowser
            key={`${bucket}-${view.cursor}`}
            discussion={{
              viewer: { id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role },
              serverNow: Date.now(),
              base: { runId: base.id, canComment: base.mayComment },
              other: { runId: other.id, canComment: other.mayComment },
            }}
            view={view} bucket={bucket} items={items} nextCursor={page.nextCursor} baseLabel={baseLabel} otherLabel={otherLabel} />
        </Card>

        <details className="text-sm">
          <summary className="cursor-pointer text-xs font-medium text-zinc-500">Change runs or task</summary>
          <div className="mt-2">{picker}</div>
        </details>
      </div>
    </>
  );
}
