import { AlertTriangle, Info } from "lucide-react";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import { cellTone, sectionRows, summarize, type Tone } from "@/lib/models-view/compare-table";
import { formatCi, formatP, formatScore, formatScoreDelta } from "@/lib/number-format";
import type { Comparison, ComparisonCell } from "@/lib/services/compare/compare-sides";

const TONE_TEXT: Record<Tone, string> = {
  better: "text-emerald-700 dark:text-emerald-400",
  worse: "text-red-700 dark:text-red-400",
  neutral: "",
};
const TONE_ROW: Record<Tone, string> = {
  better: "bg-emerald-50/60 dark:bg-emerald-950/25",
  worse: "bg-red-50/60 dark:bg-red-950/25",
  neutral: "",
};

/**
 * Results of B against A on every metric of every task both ran: values with 95% CIs, Δ = B − A, the named test with
 * its n and p (raw and Holm-adjusted over the whole table). Colour only where the adjusted p is significant:
 * green when B is better given the metric's direction, red when worse.
 */
export function ComparisonTable({ comparison, labelA, labelB, sharedTasks }: { comparison: Comparison; labelA: string; labelB: string; sharedTasks: string[] }) {
  const sections = sectionRows(comparison.rows);
  const summary = summarize(comparison.rows);
  return (
    <Card>
      <CardHeader
        title="Results on shared tasks"
        description={
          <>
            {summary.tested} metric{summary.tested === 1 ? "" : "s"} on {sharedTasks.length} shared task{sharedTasks.length === 1 ? "" : "s"} ({sharedTasks.join(", ")}) ·{" "}
            <span className={TONE_TEXT.better}>{summary.better} significantly better</span> · <span className={TONE_TEXT.worse}>{summary.worse} worse</span> in B · Holm-adjusted, α ={" "}
            {comparison.alpha}
          </>
        }
      />
      <Table>
        <thead>
          <tr>
            <Th>Task</Th>
            <Th>Metric</Th>
            <Th className="text-right">
              A <span className="font-mono normal-case">{labelA}</span>
            </Th>
            <Th className="text-right">
              B <span className="font-mono normal-case">{labelB}</span>
            </Th>
            <Th className="text-right">Δ (B − A)</Th>
            <Th>Test</Th>
            <Th className="text-right">p</Th>
            <Th className="text-right">p (Holm)</Th>
          </tr>
        </thead>
        {sections.map((section) => (
          <tbody key={section.heading} data-testid={`compare-section-${section.heading}`}>
            {section.isGroup ? (
              <tr>
                <th colSpan={8} scope="colgroup" className="border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-left text-xs font-semibold text-zinc-700 dark:border-zinc-800 dark:bg-zinc-950/50 dark:text-zinc-300">
                  {section.isGroup ? <span className="mr-1.5 font-normal text-zinc-500">group</span> : null}
                  <span className="font-mono">{section.heading}</span>
                </th>
              </tr>
            ) : null}
            {section.rows.map((row, index) => {
              const cellA = row.cells[0];
              const cellB = row.cells[1];
              const tone = cellTone(cellB);
              const previous = section.rows[index - 1];
              // Within a task, its name and its (task-level) warnings are shown once, on the first row.
              const firstOfTask = !previous || previous.task !== row.task;
              const newWarnings = firstOfTask || previous.warnings.join() !== row.warnings.join();
              return (
                <tr key={`${row.task}|${row.metric}|${row.filter}`} className={TONE_ROW[tone]} data-testid="compare-row" data-tone={tone}>
                  <Td className={cn("font-mono text-[13px] whitespace-nowrap", !firstOfTask && "border-t-0")}>
                    {firstOfTask ? row.task : <span className="sr-only">{row.task}</span>}
                    {row.warnings.length && newWarnings ? (
                      <div className="mt-1 flex max-w-xs items-start gap-1 font-sans text-xs whitespace-normal text-amber-700 dark:text-amber-400" role="note">
                        <AlertTriangle size={12} aria-hidden className="mt-0.5 shrink-0" />
                        <span>{row.warnings.join("; ")}: compare with care</span>
                      </div>
                    ) : null}
                  </Td>
                  <Td className="font-mono text-xs">
                    {row.metric}
                    {row.filter && row.filter !== "none" ? <span className="text-zinc-400"> ({row.filter})</span> : null}
                    {row.higherIsBetter !== null ? <span className="ml-1 text-zinc-400" title={row.higherIsBetter ? "higher is better" : "lower is better"}>{row.higherIsBetter ? "↑" : "↓"}</span> : null}
                  </Td>
                  <ValueCell cell={cellA} tone="neutral" />
                  <ValueCell cell={cellB} tone={tone} />
                  <Td className={cn("text-right font-medium whitespace-nowrap tabular-nums", TONE_TEXT[tone])}>
                    {formatScoreDelta(cellB?.delta ?? null, Math.max(Math.abs(cellA?.value ?? 0), Math.abs(cellB?.value ?? 0)) || null)}
                  </Td>
                  <Td className="text-xs">
                    {cellB?.test ? (
                      <div>
                        <span className="font-medium">{cellB.test.test}</span>
                        <div className="text-zinc-500">
                          n = {(cellB.test.sharedSamples ?? cellB.test.n)?.toLocaleString("en-US") ?? "?"}
                          {cellB.test.sharedSamples !== null ? " shared samples" : ""}
                          {cellB.test.note ? (
                            <span className="ml-1 inline-flex align-middle" title={cellB.test.note}>
                              <Info size={11} aria-label={cellB.test.note} />
                            </span>
                          ) : null}
                        </div>
                      </div>
                    ) : (
                      <span className="text-zinc-400" title="No honest test exists for this pair (e.g. no samples and no stderr on the value's scale)">
                        no test
                      </span>
                    )}
                  </Td>
                  <Td className="text-right text-xs whitespace-nowrap tabular-nums">{formatP(cellB?.test?.pValue)}</Td>
                  <Td className={cn("text-right text-xs whitespace-nowrap tabular-nums", cellB?.significant && "font-semibold", TONE_TEXT[tone])}>
                    {formatP(cellB?.pAdjusted)}
                    {cellB?.significant ? <span className="sr-only"> (significant, {tone})</span> : null}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </Table>
      <p className="border-t border-zinc-200 px-4 py-2.5 text-xs text-zinc-500 dark:border-zinc-800">
        Each version&apos;s latest succeeded run per task is used. Paired tests (McNemar for right/wrong scores, a paired bootstrap otherwise) run on the samples both runs answered; without
        samples the test falls back to an unpaired z-test from the stderrs. Values link to their run.
      </p>
    </Card>
  );
}

function ValueCell({ cell, tone }: { cell: ComparisonCell | null; tone: Tone }) {
  if (!cell) return <Td className="text-right text-zinc-400">—</Td>;
  const ci = formatCi(cell.ci, cell.value);
  return (
    <Td className="text-right whitespace-nowrap tabular-nums">
      <Link href={`/runs/${cell.runId}`} className={cn("font-medium hover:underline", TONE_TEXT[tone])} title={`Run #${cell.runId}`}>
        {formatScore(cell.value)}
      </Link>
      <div className="text-[11px] text-zinc-400">{ci ?? "no CI"}</div>
    </Td>
  );
}
