import { Download, FileSearch, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { formatDuration } from "@/lib/format";
import { toCsv, toLatex, toMarkdown } from "@/lib/results-view/export-table";
import { formatCount } from "@/lib/number-format";
import { buildMetricRows } from "@/lib/results-view/metric-rows";
import { efficiencySummary, throughputFigures, usageSummary } from "@/lib/results-view/usage";
import { getRunResults, type RunResultsDto } from "@/lib/services/results/get-run-results";
import { getRun } from "@/lib/services/runs/get-run";
import { CategoryBreakdown, type TaskCategories } from "./category-breakdown";
import { categoryRows } from "./category-rows";
import { CopyTableButtons } from "./copy-table-buttons";
import { MetricsTable } from "./metrics-table";
import { ResultsEmptyState } from "./results-empty-state";
import { UsagePanel } from "./usage-panel";

/**
 * lmms-eval's `date` stamp is wall-clock time in its `--timezone` (default Asia/Singapore), stored with the same
 * digits as UTC; print the digits with the zone they were written in rather than pretending it is UTC.
 */
function evaluatedAtText(results: RunResultsDto): string | null {
  if (!results.evaluatedAt) return null;
  const stamp = results.evaluatedAt.slice(0, 16).replace("T", " ");
  return `${stamp} ${results.dateTimezone ?? "(lmms-eval local time)"}`;
}

function countsText(metrics: number, tasks: number): string {
  return `${metrics} metric${metrics === 1 ? "" : "s"} across ${tasks} task${tasks === 1 ? "" : "s"}`;
}

function FailureNotice({ runId, results }: { runId: number; results: RunResultsDto }) {
  if (results.requestFailedCount === 0 && results.budgetExceededCount === 0) return null;
  const failedTasks = results.tasks.filter((t) => t.requestFailedCount > 0);
  const budgetTasks = results.tasks.filter((t) => t.budgetExceededCount > 0);
  return (
    <div role="status" className="flex gap-2.5 border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200" data-testid="results-failures">
      <TriangleAlert size={16} aria-hidden className="mt-0.5 shrink-0" />
      <div className="space-y-1">
        {results.requestFailedCount > 0 ? (
          <p>
            <strong className="tabular-nums">{formatCount(results.requestFailedCount)}</strong> answer{results.requestFailedCount === 1 ? " is" : "s are"} a failed
            request (<code className="text-xs">[LMMS_EVAL_REQUEST_FAILED…]</code>) and scored as wrong:{" "}
            {failedTasks.map((t, i) => (
              <span key={t.task}>
                {i > 0 ? ", " : ""}
                <Link href={`/runs/${runId}/samples?task=${encodeURIComponent(t.task)}&failed=true`} className="underline underline-offset-2 hover:no-underline">
                  {t.task} ({formatCount(t.requestFailedCount)})
                </Link>
              </span>
            ))}
            .
          </p>
        ) : null}
        {results.budgetExceededCount > 0 ? (
          <p>
            <strong className="tabular-nums">{formatCount(results.budgetExceededCount)}</strong> answer{results.budgetExceededCount === 1 ? " was" : "s were"} cut
            off by the token budget (<code className="text-xs">--max_tokens</code>): {budgetTasks.map((t) => `${t.task} (${formatCount(t.budgetExceededCount)})`).join(", ")}.
          </p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * Everything a finished run measured: the metrics table (CIs, copy as Markdown/CSV/LaTeX), per-category scores,
 * throughput/usage/efficiency, failure counts and downloads. A server component; mount it on the run page with
 * `<RunResultsSection runId={run.id} />`.
 */
export async function RunResultsSection({ runId }: { runId: number }) {
  const ctx = await requirePageContext();
  const db = getDb();
  const results = getRunResults({ db, ctx, runId });
  if (!results) {
    const run = getRun({ db, ctx, runId });
    return (
      <section aria-label="Results" id="results">
        <ResultsEmptyState status={run.status} canImport={can.importResults(ctx.actor)} />
      </section>
    );
  }

  const rows = buildMetricRows(results);
  const exports = { markdown: toMarkdown(rows), csv: toCsv(rows), latex: toLatex(rows, { model: results.modelName, runId }) };
  const categories: TaskCategories[] = results.tasks
    .filter((t) => !t.isGroup && t.sampleCount > 0)
    .map((t) => ({ task: t.task, label: t.alias || t.task, rows: categoryRows({ db, ctx, results, task: t.task }) }))
    .filter((t) => t.rows.length > 0);
  const throughput = throughputFigures(results.throughput);
  const usage = usageSummary(results.usage);
  const efficiency = efficiencySummary(results.efficiency);
  const hasUsage = throughput.length > 0 || usage !== null || efficiency !== null;
  const evaluatedAt = evaluatedAtText(results);
  const meta = [
    results.lmmsEvalVersion ? `lmms-eval ${results.lmmsEvalVersion}` : null,
    evaluatedAt ? `evaluated ${evaluatedAt}` : null,
    results.totalEvaluationSeconds !== null ? `took ${formatDuration(results.totalEvaluationSeconds)}` : null,
    `${formatCount(results.sampleCount)} samples logged`,
  ].filter(Boolean);

  return (
    <section aria-label="Results" id="results" className="space-y-5" data-testid="run-results">
      <Card>
        <CardHeader
          title="Results"
          description={meta.join(" · ")}
          actions={
            <div className="flex shrink-0 flex-wrap items-center gap-2">
              {results.sampleCount > 0 ? (
                <Link href={`/runs/${runId}/samples`} className={buttonClasses("secondary", "sm")}>
                  <FileSearch size={12} aria-hidden /> Browse samples
                </Link>
              ) : null}
              <a href={`/api/v1/runs/${runId}/results/raw`} download className={buttonClasses("secondary", "sm")} title={`Download ${results.resultsFile} exactly as ingested`}>
                <Download size={12} aria-hidden /> Results JSON
              </a>
            </div>
          }
        />
        <FailureNotice runId={runId} results={results} />
        {rows.length ? (
          <>
            <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-2.5 pb-1.5">
              <p className="text-xs text-zinc-500 tabular-nums">{countsText(rows.filter((r) => r.kind === "metric").length, results.tasks.filter((t) => !t.isGroup).length)}</p>
              <CopyTableButtons exports={exports} />
            </div>
            <MetricsTable rows={rows} />
            <p className="px-4 py-2.5 text-xs text-zinc-500">
              ± is the 95% CI, value ± 1.96 × stderr (bootstrap stderr; <abbr title="std of per-sample scores / √n">CLT</abbr> where lmms-eval gave only
              that). <span className="whitespace-nowrap">n/a = no usable stderr (hover for why).</span> Bars show value and CI on the 0–1 scale.
            </p>
          </>
        ) : (
          <p className="px-4 py-6 text-sm text-zinc-500">The results file holds no metrics.</p>
        )}
      </Card>

      {categories.length ? (
        <Card>
          <CardHeader title="By category" description="From the logged samples (score_key of dict scores, e.g. MME's categories). Click a category to see its samples." />
          <CategoryBreakdown runId={runId} tasks={categories} />
        </Card>
      ) : null}

      {hasUsage ? (
        <Card>
          <CardHeader title="Throughput, tokens and efficiency" description="As lmms-eval reported them in the results file." />
          <UsagePanel
            throughput={throughput}
            usage={usage}
            efficiency={efficiency}
            raw={{
              ...(results.throughput ? { throughput: results.throughput } : {}),
              ...(results.usage ? { usage: results.usage } : {}),
              ...(results.efficiency ? { efficiency: results.efficiency } : {}),
            }}
          />
        </Card>
      ) : null}
    </section>
  );
}
