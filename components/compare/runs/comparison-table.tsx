import { FileDiff, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { Fragment } from "react";
import { cn } from "@/components/ui/cn";
import { cellVerdict } from "@/lib/compare-view/board-model";
import { samplesHref } from "@/lib/compare-view/compare-url";
import { metricLabel } from "@/lib/compare-view/format";
import { formatCiHalfWidth, formatP, formatScore, formatScoreDelta } from "@/lib/number-format";
import { noTestReason, shortTestName, testNLabel, testSentence } from "@/lib/compare-view/stat-text";
import type { RunComparison } from "@/lib/services/compare/compare-runs";
import type { ComparisonCell, ComparisonRow } from "@/lib/services/compare/compare-sides";
import { VERDICT_CELL, VERDICT_PILL, VERDICT_WORDS } from "../tones";

/**
 * Metrics aligned by task/metric/filter, grouped by lmms-eval group: value ± CI per run, and for every run but the
 * reference its difference, the test that judged it (name, n, p, Holm-adjusted p). Colour only when significant.
 */
export function ComparisonTable({ comparison }: { comparison: RunComparison }) {
  const { sides, referenceIndex, rows } = comparison;
  const referenceRunId = sides[referenceIndex]?.runIds[0];
  // A group's aggregate row (task = the group's name) heads the section of its subtasks.
  const sections: Array<{ group: string | null; rows: ComparisonRow[] }> = [];
  for (const row of rows) {
    const group = row.group ?? (row.isGroup ? row.task : null);
    const last = sections[sections.length - 1];
    if (last && last.group === group && group !== null) last.rows.push(row);
    else sections.push({ group, rows: [row] });
  }
  return (
    <div className="relative max-h-[calc(100vh-12rem)] overflow-auto">
      <table className="w-max min-w-full border-separate border-spacing-0 text-sm" data-testid="comparison-table">
        <thead className="sticky top-0 z-20">
          <tr>
            <th scope="col" className={cn(head, "sticky left-0 z-30 w-64 min-w-64 border-r text-left")}>
              <span className="text-[11px] font-medium uppercase tracking-wide text-zinc-500">Benchmark</span>
            </th>
            {sides.map((side, i) => (
              <th key={side.label} scope="col" className={cn(head, "min-w-52 border-l text-left font-normal", i === referenceIndex && "bg-zinc-100 dark:bg-zinc-800")}>
                <Link href={`/runs/${side.runIds[0]}`} className="block truncate text-xs font-semibold text-zinc-900 hover:underline dark:text-zinc-100" title={side.label}>
                  {side.label}
                </Link>
                <span className="flex items-center gap-1.5 text-[10px] text-zinc-500">
                  {i === referenceIndex ? <span className="font-semibold uppercase tracking-wide text-accent-600 dark:text-accent-500">reference</span> : <span>vs reference</span>}
                  <span>· lmms-eval {side.lmmsEvalVersions.join(", ")}</span>
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sections.map((section, s) => (
            <Fragment key={`${section.group ?? "-"}-${s}`}>
              {section.group ? (
                <tr>
                  <th colSpan={sides.length + 1} scope="colgroup" className="sticky left-0 border-b border-zinc-200 bg-zinc-50/90 px-3 py-1 text-left text-[11px] font-semibold uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900/90 dark:text-zinc-300">
                    {section.group}
                  </th>
                </tr>
              ) : null}
              {section.rows.map((row) => (
                <tr key={`${row.task}|${row.metric}|${row.filter}`} data-testid="comparison-row" data-task={row.task}>
                  <th scope="row" className={cn(cell, "sticky left-0 z-10 w-64 min-w-64 max-w-64 border-r bg-white text-left font-normal dark:bg-zinc-900", row.isGroup && "bg-zinc-50 dark:bg-zinc-900")}>
                    <div className={cn("truncate text-zinc-900 dark:text-zinc-100", row.isGroup ? "font-semibold" : "font-medium", section.group && !row.isGroup && "pl-2")} title={row.task}>
                      {row.task}
                      {row.isGroup ? <span className="ml-1.5 text-[10px] font-normal uppercase tracking-wide text-zinc-500">group</span> : null}
                    </div>
                    <div className={cn("truncate text-[11px] text-zinc-500", section.group && !row.isGroup && "pl-2")}>
                      {metricLabel(row)}
                      {row.higherIsBetter === true ? " ↑" : row.higherIsBetter === false ? " ↓" : ""}
                    </div>
                    {row.warnings.length ? (
                      <ul className="mt-1 space-y-0.5" aria-label="Warnings">
                        {row.warnings.map((w) => (
                          <li key={w} className="flex items-start gap-1 text-[11px] leading-tight text-amber-700 dark:text-amber-400">
                            <TriangleAlert size={11} aria-hidden className="mt-px shrink-0" /> {w}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </th>
                  {row.cells.map((c, i) => (
                    <ComparisonCellView
                      key={i}
                      row={row}
                      cell={c}
                      reference={row.cells[referenceIndex]}
                      isReference={i === referenceIndex}
                      diffHref={!row.isGroup && c && referenceRunId !== undefined && i !== referenceIndex ? samplesHref({ base: referenceRunId, other: c.runId, task: row.task }) : null}
                    />
                  ))}
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const head = "border-b border-zinc-200 bg-zinc-50 px-3 py-2 align-bottom dark:border-zinc-800 dark:bg-zinc-900";
const cell = "border-b border-zinc-100 px-3 py-2 align-top dark:border-zinc-800";

function ComparisonCellView({ row, cell: c, reference, isReference, diffHref }: { row: ComparisonRow; cell: ComparisonCell | null; reference: ComparisonCell | null; isReference: boolean; diffHref: string | null }) {
  if (!c) {
    return (
      <td className={cn(cell, "border-l text-xs text-zinc-400")}>
        <span>not in this run</span>
      </td>
    );
  }
  const verdict = cellVerdict({ delta: c.delta, pAdjusted: c.pAdjusted, significant: c.significant, direction: c.direction }, true, isReference);
  const half = c.value !== null ? formatCiHalfWidth(c.value, c.ci) : null;
  return (
    <td className={cn(cell, "border-l", isReference ? "bg-zinc-50/70 dark:bg-zinc-800/40" : VERDICT_CELL[verdict])} data-verdict={verdict}>
      <div className="flex items-baseline gap-1.5">
        <span className="font-medium tabular-nums text-zinc-900 dark:text-zinc-100">{formatScore(c.value)}</span>
        {half ? <span className="text-[11px] tabular-nums text-zinc-500">{half}</span> : <span className="text-[10px] text-zinc-400" title="lmms-eval reported no stderr on this value's scale">no CI</span>}
        {c.n !== null ? <span className="ml-auto text-[10px] tabular-nums text-zinc-400">n={c.n.toLocaleString("en-US")}</span> : null}
      </div>
      {isReference ? null : (
        <div className="mt-1 space-y-0.5">
          {c.delta !== null ? (
            <span className={cn("inline-block rounded px-1 text-xs font-medium tabular-nums", VERDICT_PILL[verdict])} data-testid="comparison-delta">
              Δ {formatScoreDelta(c.delta, reference?.value ?? c.value)}
              <span className="sr-only"> ({VERDICT_WORDS[verdict]})</span>
            </span>
          ) : null}
          {c.test ? (
            <div className="text-[11px] leading-snug text-zinc-600 dark:text-zinc-400" title={`${testSentence(c.test, c.pAdjusted)}${c.test.note ? ` — ${c.test.note}` : ""}`} data-testid="comparison-test">
              <div>
                <span className="font-medium text-zinc-700 dark:text-zinc-300">{shortTestName(c.test)}</span> · {testNLabel(c.test)}
              </div>
              <div className="tabular-nums">
                p {formatP(c.test.pValue).startsWith("<") ? formatP(c.test.pValue) : `= ${formatP(c.test.pValue)}`} · Holm{" "}
                <span className={cn(c.significant && "font-semibold text-zinc-900 dark:text-zinc-100")}>{formatP(c.pAdjusted)}</span>
              </div>
            </div>
          ) : (
            <div className="text-[11px] italic leading-snug text-zinc-400">not tested: {noTestReason(c, reference)}</div>
          )}
          {diffHref ? (
            <Link href={diffHref} className="inline-flex items-center gap-1 text-[11px] text-accent-600 hover:underline dark:text-accent-500" aria-label={`Sample diff of ${row.task}: run #${reference?.runId} vs #${c.runId}`}>
              <FileDiff size={11} aria-hidden /> samples
            </Link>
          ) : null}
        </div>
      )}
    </td>
  );
}
