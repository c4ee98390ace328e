import { ArrowDown, ArrowUp, Info } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatCount } from "@/lib/number-format";
import { stderrKindLabel, type MetricTableRow } from "@/lib/results-view/metric-rows";

type MetricRow = Extract<MetricTableRow, { kind: "metric" }>;

const th = "border-b border-zinc-200 px-3 py-2 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800 whitespace-nowrap";

/** Where the value and its CI sit on 0–1, for metrics on that scale: a quick visual of precision. */
function IntervalBar({ row }: { row: MetricRow }) {
  if (row.value === null || row.value < 0 || row.value > 1) return null;
  const lo = Math.max(0, row.ci?.lower ?? row.value);
  const hi = Math.min(1, row.ci?.upper ?? row.value);
  return (
    <svg width="72" height="10" viewBox="0 0 72 10" aria-hidden className="inline-block align-middle text-accent-600 dark:text-accent-500">
      <rect x="0" y="4" width="72" height="2" rx="1" className="fill-zinc-200 dark:fill-zinc-700" />
      {row.ci ? <rect x={lo * 72} y="2" width={Math.max(1, (hi - lo) * 72)} height="6" rx="1" fill="currentColor" opacity="0.35" /> : null}
      <rect x={Math.min(70.5, row.value * 72 - 0.75)} y="0" width="1.5" height="10" fill="currentColor" />
    </svg>
  );
}

function versionText(version: string | null): { text: string; title?: string } {
  if (version === null) return { text: "—" };
  if (version === "Yaml") return { text: "—", title: "No version: the task YAML's metadata is a list (lmms-eval writes \"Yaml\")" };
  return { text: /^\d/.test(version) ? `v${version}` : version };
}

function CiCell({ row }: { row: MetricRow }) {
  if (row.ci && row.ciText) {
    const title =
      `95% CI [${row.ci.lower.toPrecision(5)}, ${row.ci.upper.toPrecision(5)}] = value ± 1.96 × ${stderrKindLabel(row.ci.kind)} ` +
      `(${row.ci.stderr.toPrecision(3)})`;
    return (
      <span title={title} className="inline-flex items-baseline gap-1">
        <span className="tabular-nums text-zinc-700 dark:text-zinc-300">{row.ciText}</span>
        {row.ci.kind !== "bootstrap" ? (
          <abbr title={stderrKindLabel(row.ci.kind)} className="text-[10px] font-medium uppercase text-zinc-400 no-underline">
            {row.ci.kind === "clt" ? "CLT" : "clu"}
          </abbr>
        ) : null}
      </span>
    );
  }
  if (row.ciNote) {
    return (
      <span title={row.ciNote} className="inline-flex items-center gap-1 text-xs text-zinc-400">
        <span aria-hidden>n/a</span>
        <Info size={12} aria-hidden />
        <span className="sr-only">No CI: {row.ciNote}</span>
      </span>
    );
  }
  return <span className="text-zinc-400">—</span>;
}

/**
 * The run's metrics: one line per (task, metric, filter), subtasks indented under their group, 95% CIs from the
 * stderr lmms-eval reported. Rendered on the server; only the copy buttons are client code.
 */
export function MetricsTable({ rows }: { rows: MetricTableRow[] }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="metrics-table">
        <thead>
          <tr>
            <th scope="col" className={cn(th, "text-left")}>
              Task
            </th>
            <th scope="col" className={cn(th, "text-left")}>
              Metric
            </th>
            <th scope="col" className={cn(th, "text-left")}>
              Filter
            </th>
            <th scope="col" className={cn(th, "text-right")}>
              Value
            </th>
            <th scope="col" className={cn(th, "text-left")} title="95% confidence interval: value ± 1.96 × stderr">
              ± 95% CI
            </th>
            <th scope="col" className={cn(th, "hidden md:table-cell")}>
              <span className="sr-only">Interval on 0–1</span>
            </th>
            <th scope="col" className={cn(th, "text-right")} title="Evaluated documents (n-samples effective)">
              n
            </th>
            <th scope="col" className={cn(th, "text-right")}>
              Shots
            </th>
            <th scope="col" className={cn(th, "text-right")}>
              Version
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const nextStartsTask = i + 1 >= rows.length || rows[i + 1].kind === "group" || (rows[i + 1] as MetricRow).firstOfTask;
            const border = nextStartsTask ? "border-b border-zinc-100 dark:border-zinc-800/70" : "";
            const indent = { paddingLeft: `${0.75 + row.depth * 1.25}rem` };
            if (row.kind === "group") {
              const version = versionText(row.version);
              return (
                <tr key={row.id} className="bg-zinc-50/80 dark:bg-zinc-800/30" data-testid={`metrics-group-${row.task}`}>
                  <td colSpan={8} className={cn("py-1.5 pr-3", border)} style={indent}>
                    <span className="font-semibold">{row.label}</span>
                    <span className="ml-2 text-xs text-zinc-500">
                      group · {row.subtaskCount} subtask{row.subtaskCount === 1 ? "" : "s"} · no aggregate metric
                    </span>
                  </td>
                  <td className={cn("px-3 py-1.5 text-right text-xs text-zinc-500", border)} title={version.title}>
                    {version.text}
                  </td>
                </tr>
              );
            }
            const version = versionText(row.version);
            return (
              <tr key={row.id} className={cn("hover:bg-zinc-50 dark:hover:bg-zinc-800/30", row.isGroup && "bg-zinc-50/80 dark:bg-zinc-800/30")} data-testid="metrics-row">
                <td className={cn("py-1.5 pr-3 align-top", border)} style={indent}>
                  {row.firstOfTask ? (
                    <span className="inline-flex items-center gap-1.5">
                      {row.depth > 0 ? (
                        <span aria-hidden className="text-zinc-300 dark:text-zinc-600">
                          └
                        </span>
                      ) : null}
                      <span className={cn("font-medium", row.isGroup && "font-semibold")} title={row.label !== row.task ? row.task : undefined}>
                        {row.label}
                      </span>
                      {row.isGroup ? <Badge className="px-1 py-0 text-[10px]">group</Badge> : null}
                    </span>
                  ) : null}
                </td>
                <td className={cn("px-3 py-1.5 align-top", border)}>
                  <span className="inline-flex items-center gap-1 font-mono text-xs">
                    {row.metric}
                    {row.higherIsBetter === true ? (
                      <ArrowUp size={12} className="text-emerald-600 dark:text-emerald-400" aria-label="higher is better" />
                    ) : row.higherIsBetter === false ? (
                      <ArrowDown size={12} className="text-amber-600 dark:text-amber-400" aria-label="lower is better" />
                    ) : null}
                  </span>
                  {row.extras.length ? (
                    <div className="mt-0.5 flex flex-wrap gap-x-2 text-[11px] text-zinc-500">
                      {row.extras.map((e) => (
                        <span key={e.label}>
                          {e.label} <span className="tabular-nums text-zinc-700 dark:text-zinc-300">{e.text}</span>
                        </span>
                      ))}
                    </div>
                  ) : null}
                </td>
                <td className={cn("px-3 py-1.5 align-top font-mono text-xs text-zinc-500", border)}>{row.filter ?? ""}</td>
                <td className={cn("px-3 py-1.5 text-right align-top font-semibold tabular-nums", border)}>
                  {row.value === null && row.valueText.length > 12 ? (
                    <span className="block max-w-56 truncate font-mono text-xs font-normal text-zinc-600 dark:text-zinc-400" title={row.valueText}>
                      {row.valueText}
                    </span>
                  ) : (
                    row.valueText
                  )}
                </td>
                <td className={cn("px-3 py-1.5 align-top whitespace-nowrap", border)}>
                  <CiCell row={row} />
                </td>
                <td className={cn("hidden px-3 py-1.5 align-middle md:table-cell", border)}>
                  <IntervalBar row={row} />
                </td>
                <td className={cn("px-3 py-1.5 text-right align-top tabular-nums text-zinc-500", border)}>{formatCount(row.n)}</td>
                <td className={cn("px-3 py-1.5 text-right align-top tabular-nums text-zinc-500", border)}>{row.nShot ?? "—"}</td>
                <td className={cn("px-3 py-1.5 text-right align-top text-xs text-zinc-500", border)} title={version.title}>
                  {row.firstOfTask ? version.text : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
