"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis, type BarShapeProps, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { categoryScoreText, type CategoryBarDatum } from "@/lib/results-view/categories";
import { useChartTheme } from "./use-chart-theme";

const BAR_HEIGHT = 22;

/**
 * A bar plus its 95% whisker. recharts' ErrorBar misplaces whiskers on vertical-layout bars (seen with 3.11), so
 * the whisker is drawn here from the bar's own geometry: the background rect spans the whole [0, domainMax] axis.
 */
function BarWithWhisker(props: BarShapeProps & { domainMax: number; bar: string; whisker: string }) {
  const { x, y, width, height, background, payload, domainMax, bar, whisker } = props;
  const datum = payload as CategoryBarDatum;
  const unit = background && background.width > 0 ? background.width / domainMax : datum.score > 0 ? width / datum.score : 0;
  const origin = background?.x ?? x;
  const cy = y + height / 2;
  const lo = datum.error ? origin + Math.max(0, datum.score - datum.error[0]) * unit : null;
  const hi = datum.error ? origin + Math.min(domainMax, datum.score + datum.error[1]) * unit : null;
  return (
    <g>
      <rect x={x} y={y} width={Math.max(0, width)} height={height} rx={2} fill={bar} />
      {lo !== null && hi !== null && unit > 0 ? (
        <g stroke={whisker} strokeWidth={1.25} strokeLinecap="round">
          <line x1={lo} x2={hi} y1={cy} y2={cy} />
          <line x1={lo} x2={lo} y1={cy - 3.5} y2={cy + 3.5} />
          <line x1={hi} x2={hi} y1={cy - 3.5} y2={cy + 3.5} />
        </g>
      ) : null}
    </g>
  );
}

/**
 * Horizontal bars, one per category, highest first, with 95% whiskers where the scores are right/wrong and a
 * dashed line at the task's overall mean. Height grows with the number of categories so labels never overlap.
 */
export function CategoryBarChart({ data, overall, asPercent, label }: { data: CategoryBarDatum[]; overall: number | null; asPercent: boolean; label: string }) {
  const theme = useChartTheme();
  const max = Math.max(...data.map((d) => d.score + (d.error?.[1] ?? 0)), asPercent ? 1 : 0);
  const domainMax = asPercent ? 1 : Math.ceil(max * 1.05 * 100) / 100 || 1;
  const height = data.length * BAR_HEIGHT + 48;
  const longest = Math.max(...data.map((d) => d.category.length));
  return (
    <figure aria-label={label} className="w-full">
      <BarChart
        responsive
        style={{ width: "100%", height }}
        data={data}
        layout="vertical"
        margin={{ top: 4, right: 24, bottom: 4, left: 4 }}
        barCategoryGap={4}
        accessibilityLayer
      >
        <CartesianGrid horizontal={false} stroke={theme.grid} />
        <XAxis
          type="number"
          domain={[0, domainMax]}
          allowDataOverflow
          tickFormatter={(v: number) => categoryScoreText(v, asPercent)}
          stroke={theme.axis}
          tick={{ fill: theme.text, fontSize: 11 }}
          tickLine={false}
        />
        <YAxis
          type="category"
          dataKey="category"
          width={Math.min(200, Math.max(80, longest * 7))}
          stroke={theme.axis}
          tick={{ fill: theme.text, fontSize: 11 }}
          tickLine={false}
          interval={0}
        />
        <Tooltip
          cursor={{ fill: theme.grid, opacity: 0.5 }}
          content={(props: TooltipContentProps<ValueType, NameType>) => {
            const datum = props.active ? (props.payload?.[0]?.payload as CategoryBarDatum | undefined) : undefined;
            if (!datum) return null;
            return (
              <div className="rounded-md border px-2.5 py-1.5 text-xs shadow-sm" style={{ background: theme.tooltipBg, borderColor: theme.tooltipBorder }}>
                <div className="font-medium">{datum.category}</div>
                <div className="tabular-nums">
                  {categoryScoreText(datum.score, asPercent)}
                  {datum.error ? (
                    <span className="text-zinc-500">
                      {" "}
                      (95% CI {categoryScoreText(datum.score - datum.error[0], asPercent)}–{categoryScoreText(datum.score + datum.error[1], asPercent)})
                    </span>
                  ) : null}
                </div>
                <div className="text-zinc-500 tabular-nums">n = {datum.n.toLocaleString("en-US")}</div>
              </div>
            );
          }}
        />
        {overall !== null ? <ReferenceLine x={overall} stroke={theme.reference} strokeDasharray="4 3" ifOverflow="extendDomain" /> : null}
        <Bar
          dataKey="score"
          name="Mean score"
          isAnimationActive={false}
          background={{ fill: "transparent" }}
          shape={(props: BarShapeProps) => <BarWithWhisker {...props} domainMax={domainMax} bar={theme.bar} whisker={theme.whisker} />}
        />
      </BarChart>
    </figure>
  );
}
