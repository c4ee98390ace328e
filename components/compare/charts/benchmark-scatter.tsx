"use client";

import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { scatterAxis } from "@/lib/compare-view/chart-data";
import { formatScore } from "@/lib/number-format";
import { useCompareChartTheme } from "./chart-theme";

export type ScatterPoint = { label: string; a: number; b: number; runA: number; runB: number };

/** One dot per model (version): its score on benchmark A against its score on B. */
export function BenchmarkScatter({ points, aLabel, bLabel }: { points: ScatterPoint[]; aLabel: string; bLabel: string }) {
  const theme = useCompareChartTheme();
  const aAxis = scatterAxis(points.map((p) => p.a));
  const bAxis = scatterAxis(points.map((p) => p.b));
  return (
    <figure aria-label={`Scatter plot of ${aLabel} against ${bLabel}`}>
      <ScatterChart responsive style={{ width: "100%", height: 380 }} margin={{ top: 12, right: 20, bottom: 28, left: 12 }} accessibilityLayer>
        <CartesianGrid stroke={theme.grid} />
        <XAxis
          type="number"
          dataKey="a"
          name={aLabel}
          domain={aAxis.domain}
          ticks={aAxis.ticks}
          stroke={theme.axis}
          tick={{ fill: theme.text, fontSize: 11 }}
          tickFormatter={(v: number) => v.toFixed(aAxis.decimals)}
          label={{ value: aLabel, position: "insideBottom", offset: -16, fill: theme.text, fontSize: 12 }}
        />
        <YAxis
          type="number"
          dataKey="b"
          name={bLabel}
          domain={bAxis.domain}
          ticks={bAxis.ticks}
          stroke={theme.axis}
          tick={{ fill: theme.text, fontSize: 11 }}
          tickFormatter={(v: number) => v.toFixed(bAxis.decimals)}
          width={64}
          label={{ value: bLabel, angle: -90, position: "insideLeft", offset: 4, fill: theme.text, fontSize: 12, style: { textAnchor: "middle" } }}
        />
        <ZAxis range={[70, 70]} />
        <Tooltip cursor={{ stroke: theme.axis, strokeDasharray: "3 3" }} content={(props: TooltipContentProps<ValueType, NameType>) => <PointTooltip {...props} aLabel={aLabel} bLabel={bLabel} />} />
        <Scatter data={points} fill={theme.series[0]} fillOpacity={0.85} stroke={theme.whisker} strokeOpacity={0.25} isAnimationActive={false} />
      </ScatterChart>
    </figure>
  );
}

function PointTooltip({ active, payload, aLabel, bLabel }: TooltipContentProps<ValueType, NameType> & { aLabel: string; bLabel: string }) {
  const theme = useCompareChartTheme();
  const p = active ? (payload?.[0]?.payload as ScatterPoint | undefined) : undefined;
  if (!p) return null;
  return (
    <div className="rounded-md border px-2.5 py-1.5 text-xs shadow-sm" style={{ background: theme.tooltipBg, borderColor: theme.tooltipBorder }}>
      <div className="mb-1 font-medium">{p.label}</div>
      <div className="tabular-nums">
        <span className="text-zinc-500">{aLabel}:</span> {formatScore(p.a)} <span className="text-zinc-400">(run #{p.runA})</span>
      </div>
      <div className="tabular-nums">
        <span className="text-zinc-500">{bLabel}:</span> {formatScore(p.b)} <span className="text-zinc-400">(run #{p.runB})</span>
      </div>
    </div>
  );
}
