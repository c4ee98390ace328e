import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { categoryRows } from "@/components/results/category-rows";
import { SamplesBrowser } from "@/components/results/samples/samples-browser";
import type { SamplesPage, SamplesTaskOption } from "@/components/results/samples/types";
import { Card, EmptyState } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNotFound, loadOrProblem } from "@/lib/page-load";
import { parseSamplesView, toSampleFilter } from "@/lib/results-view/samples-url";
import { getRunResults } from "@/lib/services/results/get-run-results";
import { listSamples } from "@/lib/services/results/list-samples";
import { enforceRateLimit, RATE_LIMITS } from "@/lib/api/rate-limit";
import { classifyMediaRef } from "@/lib/services/results/resolve-media";
import { sampleLabelCounts } from "@/lib/services/comments/comments";
import { getRunForViewer } from "@/lib/services/runs/get-run";

const PAGE_SIZE = 50;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: /^\d+$/.test(id) ? `Samples · Run #${id}` : "Samples" };
}

export default async function RunSamplesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const db = getDb();
  const { run, may } = loadOrNotFound(() => getRunForViewer({ db, ctx, runId: id }));
  const results = getRunResults({ db, ctx, runId: run.id });
  const tasks: SamplesTaskOption[] = (results?.tasks ?? [])
    .filter((t) => !t.isGroup && t.sampleCount > 0)
    .map((t) => ({
      task: t.task,
      label: t.alias || t.task,
      sampleCount: t.sampleCount,
      correctCount: t.correctCount,
      incorrectCount: t.incorrectCount,
      requestFailedCount: t.requestFailedCount,
    }));

  const header = (
    <header className="mb-4">
      <Link href={`/runs/${run.id}`} className="mb-2 inline-flex items-center gap-1 rounded text-xs text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
        <ArrowLeft size={12} aria-hidden /> Run #{run.id}
      </Link>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold tracking-tight">Samples</h1>
        <p className="truncate text-sm text-zinc-500">
          <span className="font-medium text-zinc-700 dark:text-zinc-300">{run.model}</span>
          <span className="mx-2 text-zinc-300 dark:text-zinc-700">|</span>
          run #{run.id}
          {results ? <span className="tabular-nums"> · {results.sampleCount.toLocaleString("en-US")} samples</span> : null}
        </p>
      </div>
    </header>
  );

  if (tasks.length === 0) {
    return (
      <>
        {header}
        <EmptyState title={results ? "This run logged no samples" : "No results yet"}>
          {results
            ? "lmms-eval writes per-sample files only with --log_samples. Re-run with it (the dashboard's launcher does by default) to browse answers."
            : run.status === "queued" || run.status === "running"
              ? "Samples appear when lmms-eval finishes the run and writes its output files."
              : "This run has no stored results or samples."}
        </EmptyState>
      </>
    );
  }

  const view = parseSamplesView(query);
  const task = tasks.find((t) => t.task === view.task) ?? tasks[0];
  const categories = (results ? categoryRows({ db, ctx, results, task: task.task }) : []).map(({ category, n }) => ({ category, n }));
  const listed = loadOrProblem(() => {
    // The same per-user limit as the REST search: a page reload loop must not hold the web process either.
    if (view.q?.trim()) enforceRateLimit(RATE_LIMITS.search, ctx.actor.id);
    return listSamples({ db, ctx, runId: run.id, input: toSampleFilter(view, task.task, PAGE_SIZE) });
  });
  const error = listed.problem;
  const page: SamplesPage = listed.value
    ? {
        ...listed.value,
        items: listed.value.items.map((s) => ({
          ...s,
          media: s.inputMedia.filter((ref): ref is string => typeof ref === "string").map((ref) => classifyMediaRef(ref)),
        })),
      }
    : { items: [], total: 0, totalIsLowerBound: false, nextCursor: null };

  return (
    <>
      {header}
      {view.task && view.task !== task.task ? (
        <p role="status" className="mb-3 text-sm text-amber-700 dark:text-amber-400">
          This run has no samples for “{view.task}”; showing {task.label}.
        </p>
      ) : null}
      <Card className="overflow-hidden">
        <SamplesBrowser
          runId={run.id}
          view={{ ...view, task: task.task }}
          task={task}
          tasks={tasks}
          categories={categories}
          labelCounts={sampleLabelCounts({ db, ctx, runId: run.id, task: task.task })}
          page={page}
          error={error}
          viewer={{ id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role }}
          canComment={may.comment}
          serverNow={Date.now()}
        />
      </Card>
    </>
  );
}
