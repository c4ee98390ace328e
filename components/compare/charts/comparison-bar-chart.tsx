"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import type { BarChartGroup, BarDatum, ChartSeries } from "@/lib/compare-view/chart-data";
import { formatCiHalfWidth, formatScore } from "@/lib/number-format";
import { seriesColor, useCompareChartTheme } from "./chart-theme";

/** Grouped bars (one per run) per metric, with 95% CI whiskers where the stderr is on the value's scale. */
export function ComparisonBarChart({ group, series }: { group: BarChartGroup; series: ChartSeries[] }) {
  const theme = useCompareChartTheme();
  const referenceIndex = series.findIndex((s) => s.isReference);
  const perCategory = Math.max(48, series.length * 18 + 16);
  const width = Math.max(group.data.length * perCategory + 64, 240);
  const rotate = group.data.some((d) => d.label.length > 12) && group.data.length > 3;
  return (
    <figure aria-label={`Bar chart: ${group.title}`} className="min-w-0">
      <figcaption className="mb-1 truncate text-xs font-medium text-zinc-600 dark:text-zinc-400" title={group.title}>
        {group.title}
      </figcaption>
      <div className="relative overflow-x-auto">
        <BarChart
          responsive
          style={{ width: "100%", minWidth: group.unitScale ? width : undefined, height: rotate ? 280 : 240 }}
          data={group.data}
          margin={{ top: 8, right: 8, bottom: rotate ? 48 : 4, left: 0 }}
          barCategoryGap="18%"
          barGap={2}
          accessibilityLayer
        >
          <CartesianGrid vertical={false} stroke={theme.grid} />
          <XAxis
            dataKey="label"
            stroke={theme.axis}
            tick={{ fill: theme.text, fontSize: 11 }}
            tickLine={false}
            interval={0}
            angle={rotate ? -30 : 0}
            textAnchor={rotate ? "end" : "middle"}
            height={rotate ? 60 : 24}
          />
          <YAxis
            domain={group.unitScale ? [0, 1] : [0, "auto"]}
            ticks={group.unitScale ? [0, 0.25, 0.5, 0.75, 1] : undefined}
            allowDataOverflow={group.unitScale}
            stroke={theme.axis}
            tick={{ fill: theme.text, fontSize: 11 }}
            tickLine={false}
            width={group.unitScale ? 40 : 56}
            tickFormatter={(v: number) => (Math.abs(v) < 1e-12 ? "0" : group.unitScale ? v.toFixed(2) : formatScore(v))}
          />
          <Tooltip cursor={{ fill: theme.grid, opacity: 0.4 }} content={(props: TooltipContentProps<ValueType, NameType>) => <BarTooltip {...props} series={series} referenceIndex={referenceIndex} />} />
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={seriesColor(theme, i, referenceIndex)} isAnimationActive={false} radius={[2, 2, 0, 0]} maxBarSize={44}>
              <ErrorBar dataKey={`${s.key}_err`} width={4} stroke={theme.whisker} strokeWidth={1.25} direction="y" />
            </Bar>
          ))}
        </BarChart>
      </div>
    </figure>
  );
}

function BarTooltip({ active, payload, series, referenceIndex }: TooltipContentProps<ValueType, NameType> & { series: ChartSeries[]; referenceIndex: number }) {
  const theme = useCompareChartTheme();
  const datum = active ? (payload?.[0]?.payload as BarDatum | undefined) : undefined;
  if (!datum) return null;
  return (
    <div className="rounded-md border px-2.5 py-1.5 text-xs shadow-sm" style={{ background: theme.tooltipBg, borderColor: theme.tooltipBorder }}>
      <div className="mb-1 font-medium">{datum.full}</div>
      {series.map((s, i) => {
        const value = datum[s.key] as number | null;
        const err = datum[`${s.key}_err`] as [number, number] | null;
        return (
          <div key={s.key} className="flex items-center gap-2 tabular-nums">
            <span aria-hidden className="h-2 w-2 rounded-sm" style={{ background: seriesColor(theme, i, referenceIndex) }} />
            <span className="max-w-48 truncate text-zinc-500">{s.label}</span>
            <span className="ml-auto pl-3 font-medium">{formatScore(value)}</span>
            <span className="w-14 text-zinc-500">{value !== null && err ? formatCiHalfWidth(value, [value - err[0], value + err[1]]) : ""}</span>
          </div>
        );
      })}
      <div className="mt-1 text-[10px] text-zinc-500">Whiskers: 95% CI from lmms-eval&apos;s stderr</div>
    </div>
  );
}
