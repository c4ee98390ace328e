"use client";

import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { Select } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import {
  categoryChartData,
  categoryScoreText,
  overallMean,
  sortCategoryStats,
  toCategoryStats,
  type CategoryInput,
  type CategorySortKey,
  type SortDirection,
} from "@/lib/results-view/categories";
import { formatCount } from "@/lib/number-format";
import { CategoryBarChart } from "./charts/category-bar-chart";

export type TaskCategories = { task: string; label: string; rows: CategoryInput[] };

function SortHeader({
  label,
  column,
  sort,
  onSort,
  className,
}: {
  label: string;
  column: CategorySortKey;
  sort: { key: CategorySortKey; direction: SortDirection };
  onSort: (key: CategorySortKey) => void;
  className?: string;
}) {
  const active = sort.key === column;
  const Icon = !active ? ChevronsUpDown : sort.direction === "asc" ? ArrowUp : ArrowDown;
  return (
    <th
      scope="col"
      aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
      className={cn("border-b border-zinc-200 px-3 py-1.5 text-xs font-medium text-zinc-500 dark:border-zinc-800", className)}
    >
      <button type="button" onClick={() => onSort(column)} className="inline-flex items-center gap-1 rounded uppercase tracking-wide hover:text-zinc-900 dark:hover:text-zinc-100">
        {label}
        <Icon size={12} aria-hidden className={active ? "" : "opacity-40"} />
      </button>
    </th>
  );
}

/** Per-category scores of one task at a time: a sorted bar chart and a sortable table that links to the samples. */
export function CategoryBreakdown({ runId, tasks }: { runId: number; tasks: TaskCategories[] }) {
  const [task, setTask] = useState(tasks[0]?.task ?? "");
  const [sort, setSort] = useState<{ key: CategorySortKey; direction: SortDirection }>({ key: "meanScore", direction: "desc" });
  const selectId = useId();
  const current = tasks.find((t) => t.task === task) ?? tasks[0];
  const stats = useMemo(() => toCategoryStats(current?.rows ?? []), [current]);
  const sorted = useMemo(() => sortCategoryStats(stats, sort.key, sort.direction), [stats, sort]);
  const chart = useMemo(() => categoryChartData(stats), [stats]);
  const overall = useMemo(() => overallMean(stats), [stats]);
  if (!current) return null;
  const asPercent = stats.every((s) => s.binary || s.meanScore === null);
  const onSort = (key: CategorySortKey) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === "asc" ? "desc" : "asc" } : { key, direction: key === "category" ? "asc" : "desc" }));

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <div className="flex items-center gap-2">
          <label htmlFor={selectId} className="text-xs font-medium text-zinc-500">
            Task
          </label>
          <Select id={selectId} value={current.task} onChange={(e) => setTask(e.target.value)} className="h-8 w-auto min-w-40 py-0 text-sm">
            {tasks.map((t) => (
              <option key={t.task} value={t.task}>
                {t.label} ({t.rows.length} {t.rows.length === 1 ? "category" : "categories"})
              </option>
            ))}
          </Select>
        </div>
        <p className="text-xs text-zinc-500">
          {asPercent ? "Accuracy per category" : "Mean score per category"} · whiskers: 95% Wilson CI · dashed line: task mean{" "}
          <span className="font-medium tabular-nums text-zinc-700 dark:text-zinc-300">{categoryScoreText(overall, asPercent)}</span>
        </p>
      </div>
      <div className="grid gap-0 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="px-2 py-3 xl:border-r xl:border-zinc-200 xl:dark:border-zinc-800">
          <CategoryBarChart data={chart.data} overall={overall} asPercent={asPercent} label={`Score per category for ${current.label}`} />
          {chart.omitted > 0 ? <p className="px-2 text-xs text-zinc-500">{chart.omitted} lower-scoring categories are only in the table.</p> : null}
        </div>
        <div className="relative max-h-[32rem] overflow-auto">
          <table className="w-full border-collapse text-sm" data-testid="category-table">
            <thead className="sticky top-0 bg-white dark:bg-zinc-900">
              <tr>
                <SortHeader label="Category" column="category" sort={sort} onSort={onSort} className="text-left" />
                <SortHeader label="n" column="n" sort={sort} onSort={onSort} className="text-right" />
                <th scope="col" className="border-b border-zinc-200 px-3 py-1.5 text-right text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
                  Correct
                </th>
                <SortHeader label={asPercent ? "Accuracy" : "Mean"} column="meanScore" sort={sort} onSort={onSort} className="text-right" />
                <th scope="col" className="border-b border-zinc-200 px-3 py-1.5 text-right text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
                  95% CI
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((s) => (
                <tr key={s.category} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                  <td className="border-b border-zinc-100 px-3 py-1.5 dark:border-zinc-800/60">
                    <Link
                      href={`/runs/${runId}/samples?task=${encodeURIComponent(current.task)}&category=${encodeURIComponent(s.category)}`}
                      className="text-zinc-800 hover:text-accent-600 hover:underline dark:text-zinc-200 dark:hover:text-accent-500"
                      title={`Browse the ${s.category} samples`}
                    >
                      {s.category}
                    </Link>
                  </td>
                  <td className="border-b border-zinc-100 px-3 py-1.5 text-right tabular-nums text-zinc-500 dark:border-zinc-800/60">{formatCount(s.n)}</td>
                  <td className="border-b border-zinc-100 px-3 py-1.5 text-right tabular-nums text-zinc-500 dark:border-zinc-800/60">
                    {s.binary ? formatCount(s.correct) : "—"}
                  </td>
                  <td className="border-b border-zinc-100 px-3 py-1.5 text-right font-medium tabular-nums dark:border-zinc-800/60">{categoryScoreText(s.meanScore, asPercent)}</td>
                  <td className="border-b border-zinc-100 px-3 py-1.5 text-right text-xs whitespace-nowrap tabular-nums text-zinc-500 dark:border-zinc-800/60">
                    {s.ciLower !== null && s.ciUpper !== null ? `${categoryScoreText(s.ciLower, asPercent)} – ${categoryScoreText(s.ciUpper, asPercent)}` : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
