import type { Metadata } from "next";
import { LayoutGrid } from "lucide-react";
import Link from "next/link";
import { ComparisonBarChart } from "@/components/compare/charts/comparison-bar-chart";
import { ComparisonRadarChart } from "@/components/compare/charts/comparison-radar-chart";
import { SeriesLegend } from "@/components/compare/charts/series-legend";
import { CompareNav } from "@/components/compare/compare-nav";
import { ComparisonSummary } from "@/components/compare/runs/comparison-summary";
import { ComparisonTable } from "@/components/compare/runs/comparison-table";
import { ConfigDiff } from "@/components/compare/runs/config-diff";
import { ExcludedRuns } from "@/components/compare/runs/excluded-runs";
import { RunPicker, type PickerRun } from "@/components/compare/runs/run-picker";
import { SampleDiffLinks } from "@/components/compare/runs/sample-diff-links";
import { DiscussionPanel } from "@/components/comments/discussion-panel";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNull, loadOrProblem, NOT_ASKED } from "@/lib/page-load";
import { barChartGroups, chartSeries, radarData } from "@/lib/compare-view/chart-data";
import { parseRunsView } from "@/lib/compare-view/compare-url";
import { runLabel } from "@/lib/compare-view/format";
import { summarizeSides, testedCount } from "@/lib/compare-view/run-summary";
import { comparisonKeyOf } from "@/lib/comments-view/rules";
import { formatDateTime } from "@/lib/format";
import { compareRuns, type RunComparison } from "@/lib/services/compare/compare-runs";
import { listComments } from "@/lib/services/comments/comments";
import { getRunForViewer } from "@/lib/services/runs/get-run";
import { listRuns } from "@/lib/services/runs/list-runs";
import type { RunDto } from "@/lib/services/runs/run-dto";

export const metadata: Metadata = { title: "Run vs run" };

const describeRun = (r: RunDto): PickerRun => ({ id: r.id, label: runLabel(r).replace(/^#\d+ /, ""), detail: `${r.tasks.join(", ")} · ${formatDateTime(r.createdAt)}` });

export default async function CompareRunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const db = getDb();
  const view = parseRunsView(await searchParams);

  const visible = view.runs.flatMap((id) => loadOrNull(() => getRunForViewer({ db, ctx, runId: id })) ?? []);
  const chosen = visible.map((v) => v.run);
  const candidates = listRuns({ db, ctx, input: { status: "succeeded", limit: 100 } }).items.map(describeRun);

  const { value: comparison, problem } =
    view.runs.length >= 2 ? loadOrProblem(() => compareRuns({ db, ctx, input: { runs: view.runs.join(","), reference: view.reference ?? undefined } })) : NOT_ASKED;
  const effectiveView = { ...view, reference: comparison?.referenceRunId ?? view.reference };

  // Headers and legends name the checkpoint, not just the backend ("#3 standin" twice would say nothing).
  const labels = new Map(chosen.map((r) => [r.id, runLabel(r)]));
  const sides = comparison?.sides.map((s) => ({ ...s, label: labels.get(s.runIds[0]) ?? s.label })) ?? [];
  const ready = comparison && !comparison.emptyReason ? { ...comparison, sides } : null;

  return (
    <>
      <PageHeader title="Run vs run" description="Metrics aligned by task, every difference tested against the reference run — paired on shared samples where possible." />
      <CompareNav active="runs" />
      <div className="space-y-5">
        <Card>
          <CardHeader title="Runs" description="The reference is what every other run is tested against. Only finished runs with results can be compared." />
          <RunPicker view={effectiveView} chosen={chosen.map(describeRun)} candidates={candidates} />
        </Card>

        {comparison ? <ExcludedRuns excluded={comparison.excluded} /> : null}

        {view.runs.length < 2 ? (
          <EmptyState title="Choose at least two runs">
            Add runs above, or tick rows on the <Link href="/compare" className="text-accent-600 underline dark:text-accent-500">
              board
            </Link> and press “Compare their runs”.
          </EmptyState>
        ) : problem ? (
          <EmptyState title="These runs cannot be compared">{problem}</EmptyState>
        ) : comparison?.emptyReason ? (
          <EmptyState title="Nothing to compare">{comparison.emptyReason}</EmptyState>
        ) : ready ? (
          <ComparisonBody comparison={ready} />
        ) : null}
        {chosen.length >= 2 ? (
          <Card className="px-4 py-4">
            <DiscussionPanel
              scope={{ comparison: comparisonKeyOf(chosen.map((r) => r.id)) }}
              initial={listComments({ db, ctx, input: { comparison: comparisonKeyOf(chosen.map((r) => r.id)) } })}
              viewer={{ id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role }}
              canComment={visible.every((v) => v.may.comment)}
              serverNow={Date.now()}
              title="Discussion of this comparison"
              emptyText="No comments on this comparison yet. Everyone who can see all of these runs can read and join it."
              cannotCommentText="You may read this discussion; commenting needs comment access to every run in it."
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}

function ComparisonBody({ comparison }: { comparison: RunComparison }) {
  const series = chartSeries(comparison.sides, comparison.referenceIndex);
  const bars = barChartGroups(comparison.rows);
  const radar = radarData(comparison.rows);
  const reference = comparison.sides[comparison.referenceIndex];
  const summaries = summarizeSides(comparison.rows, comparison.sides.length, comparison.referenceIndex);
  const tasks = [...new Set(comparison.rows.filter((r) => !r.isGroup && r.cells[comparison.referenceIndex]).map((r) => r.task))];
  return (
    <>
      <Card>
        <CardHeader
          title="Verdict"
          description={`Against the reference ${reference.label}`}
          actions={
            <Link href={`/compare?runs=${comparison.sides.map((side) => side.runIds[0]).join(",")}`} className={buttonClasses("secondary", "sm")}>
              <LayoutGrid size={13} aria-hidden /> Show on the board
            </Link>
          }
        />
        <ComparisonSummary sides={comparison.sides.map((s) => s.label)} summaries={summaries} referenceLabel={reference.label} tested={testedCount(comparison.rows)} alpha={comparison.alpha} />
      </Card>

      <Card className="overflow-hidden">
        <CardHeader
          title={`Metrics (${comparison.rows.length})`}
          description="Value ± 95% CI · Δ vs reference · test, n, p and Holm-adjusted p. Coloured only when significant after Holm."
        />
        <ComparisonTable comparison={comparison} />
      </Card>

      <div className="grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader title="Scores" description="Grouped bars per metric with 95% CI whiskers; metrics on other scales get their own chart." />
          <div className="space-y-4 px-4 py-3">
            <SeriesLegend series={series} />
            {bars.length === 0 ? <p className="text-sm text-zinc-500">No numeric task metric to draw.</p> : null}
            <div className="grid gap-4 sm:grid-cols-2">
              {bars.map((group) => (
                <div key={group.id} className={group.unitScale ? "sm:col-span-2" : undefined}>
                  <ComparisonBarChart group={group} series={series} />
                </div>
              ))}
            </div>
          </div>
        </Card>
        <Card>
          <CardHeader title="Profile" description="One polygon per run over the benchmarks all runs share (higher is better outward)." />
          <div className="space-y-2 px-4 py-3">
            <SeriesLegend series={series} />
            {radar.axes.length >= 3 ? (
              <ComparisonRadarChart axes={radar.axes} series={series} />
            ) : (
              <p className="py-8 text-center text-sm text-zinc-500">
                A radar needs at least three benchmarks every run has a score on; these runs share {radar.axes.length}. The bars show them.
              </p>
            )}
            <p className="text-[11px] text-zinc-500">
              Axes in %. {radar.axes.some((a) => a.relative) ? "* = not on a 0–1 scale: % of the best run on that axis. " : ""}
              {radar.left.lowerIsBetter ? `${radar.left.lowerIsBetter} lower-is-better metric(s) left out. ` : ""}
              {radar.left.missing ? `${radar.left.missing} metric(s) not scored in every run left out.` : ""}
            </p>
          </div>
        </Card>
      </div>

      <div className="grid gap-5 lg:grid-cols-2">
        <Card>
          <CardHeader title="Configuration differences" description="Only what differs between the runs." />
          <ConfigDiff comparison={comparison} />
        </Card>
        <Card>
          <CardHeader title="Per-sample diffs" description="Which samples one run fixed or broke, task by task." />
          <SampleDiffLinks runs={comparison.sides.map((s) => ({ id: s.runIds[0], label: s.label.replace(/^#\d+ /, "") }))} referenceRunId={comparison.referenceRunId} tasks={tasks} />
        </Card>
      </div>
    </>
  );
}
