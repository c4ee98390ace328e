"use client";

import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, Tooltip, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import type { ChartSeries, RadarAxis } from "@/lib/compare-view/chart-data";
import { formatScore } from "@/lib/number-format";
import { seriesColor, useCompareChartTheme } from "./chart-theme";

/** One polygon per run over the benchmarks all of them share; outward is always better. */
export function ComparisonRadarChart({ axes, series }: { axes: RadarAxis[]; series: ChartSeries[] }) {
  const theme = useCompareChartTheme();
  const referenceIndex = series.findIndex((s) => s.isReference);
  return (
    <figure aria-label="Radar chart of the shared benchmarks" className="min-w-0">
      <RadarChart responsive style={{ width: "100%", height: 340 }} data={axes} outerRadius="72%" margin={{ top: 8, right: 24, bottom: 8, left: 24 }}>
        <PolarGrid stroke={theme.grid} />
        <PolarAngleAxis dataKey="axis" tick={{ fill: theme.text, fontSize: 11 }} tickFormatter={(v: string, i: number) => {
            // Long "task · metric" labels would be clipped at the chart's edge; the tooltip has the full name.
            const text = v.length > 22 ? `${v.slice(0, 21)}…` : v;
            return axes[i]?.relative ? `${text}*` : text;
          }} />
        <PolarRadiusAxis domain={[0, 100]} angle={90} tick={{ fill: theme.axis, fontSize: 9 }} tickCount={5} axisLine={false} />
        <Tooltip content={(props: TooltipContentProps<ValueType, NameType>) => <RadarTooltip {...props} series={series} referenceIndex={referenceIndex} />} />
        {series.map((s, i) => {
          const color = seriesColor(theme, i, referenceIndex);
          return (
            <Radar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={color}
              fill={color}
              fillOpacity={s.isReference ? 0.08 : 0.14}
              strokeWidth={s.isReference ? 1.5 : 2}
              strokeDasharray={s.isReference ? "4 3" : undefined}
              isAnimationActive={false}
              dot={{ r: 2.5, fill: color }}
            />
          );
        })}
      </RadarChart>
    </figure>
  );
}

function RadarTooltip({ active, payload, series, referenceIndex }: TooltipContentProps<ValueType, NameType> & { series: ChartSeries[]; referenceIndex: number }) {
  const theme = useCompareChartTheme();
  const axis = active ? (payload?.[0]?.payload as RadarAxis | undefined) : undefined;
  if (!axis) return null;
  return (
    <div className="rounded-md border px-2.5 py-1.5 text-xs shadow-sm" style={{ background: theme.tooltipBg, borderColor: theme.tooltipBorder }}>
      <div className="mb-1 font-medium">{axis.full}</div>
      {series.map((s, i) => (
        <div key={s.key} className="flex items-center gap-2 tabular-nums">
          <span aria-hidden className="h-2 w-2 rounded-sm" style={{ background: seriesColor(theme, i, referenceIndex) }} />
          <span className="max-w-48 truncate text-zinc-500">{s.label}</span>
          <span className="ml-auto pl-3 font-medium">{formatScore(axis[`${s.key}_raw`] as number)}</span>
        </div>
      ))}
      <div className="mt-1 text-[10px] text-zinc-500">{axis.relative ? "Plotted as % of the best run on this axis" : "Plotted as %"}</div>
    </div>
  );
}
