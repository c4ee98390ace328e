"use client";

import type { ChartSeries } from "@/lib/compare-view/chart-data";
import { seriesColor, useCompareChartTheme } from "./chart-theme";

export function SeriesLegend({ series }: { series: ChartSeries[] }) {
  const theme = useCompareChartTheme();
  const referenceIndex = series.findIndex((s) => s.isReference);
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400" aria-label="Series">
      {series.map((s, i) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span aria-hidden className="h-2.5 w-2.5 rounded-sm" style={{ background: seriesColor(theme, i, referenceIndex) }} />
          <span className="max-w-64 truncate">{s.label}</span>
          {s.isReference ? <span className="text-[10px] uppercase tracking-wide text-zinc-400">reference</span> : null}
        </li>
      ))}
    </ul>
  );
}
