"use client";

import { useRouter } from "next/navigation";
import type { MouseEvent } from "react";
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis, useYAxisScale, type DotItemDotProps, type TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { formatDateTime } from "@/lib/format";
import { formatScore } from "@/lib/number-format";
import { niceAxis } from "@/lib/nice-ticks";
import { segmentKeys, shortReason, toHistoryChart, versionColor, type ChartRow } from "@/lib/models-view/history-chart";
import type { HistoryPoint } from "@/lib/services/models/performance";
import { useModelChartTheme, type ModelChartTheme } from "./use-model-chart-theme";

const HEIGHT = 340;

type ColorOf = (versionId: number) => string;

/**
 * One point per run: a dot in its version's colour with its 95% CI whisker, linking to the run. Rendered inside the
 * chart, so it can read the y scale for the whisker ends.
 */
function HistoryDot({ cx, cy, payload, colorOf, theme, onOpen }: DotItemDotProps & { colorOf: ColorOf; theme: ModelChartTheme; onOpen: (runId: number) => void }) {
  const y = useYAxisScale();
  const row = payload as ChartRow;
  if (cx === undefined || cy === undefined || cx === null || cy === null || !row) return null;
  const color = colorOf(row.versionId);
  const lo = row.ci && y ? y(row.ci[0]) : undefined;
  const hi = row.ci && y ? y(row.ci[1]) : undefined;
  const href = `/runs/${row.runId}`;
  return (
    <a
      href={href}
      data-testid="history-point"
      data-run-id={row.runId}
      aria-label={`Run #${row.runId}, ${row.label}: ${formatScore(row.value)}`}
      onClick={(e: MouseEvent) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        onOpen(row.runId);
      }}
      style={{ cursor: "pointer" }}
    >
      {lo !== undefined && hi !== undefined ? (
        <g stroke={color} strokeWidth={1.25} strokeOpacity={0.75} strokeLinecap="round">
          <line x1={cx} x2={cx} y1={lo} y2={hi} />
          <line x1={cx - 3} x2={cx + 3} y1={lo} y2={lo} />
          <line x1={cx - 3} x2={cx + 3} y1={hi} y2={hi} />
        </g>
      ) : null}
      {/* A larger transparent target makes small dots easy to click. */}
      <circle cx={cx} cy={cy} r={11} fill="transparent" />
      <circle cx={cx} cy={cy} r={5} fill={color} stroke={theme.dotStroke} strokeWidth={1.5} />
    </a>
  );
}

/** The marker of a break: a pill at the top of the dashed line, with the (shortened) reason or a number. */
function BreakLabel({ viewBox, text, theme }: { viewBox?: { x?: number; y?: number }; text: string; theme: ModelChartTheme }) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) - 20;
  const width = Math.max(18, text.length * 5.8 + 12);
  return (
    <g>
      <rect x={x - width / 2} y={y} width={width} height={17} rx={8.5} fill={theme.breakBg} stroke={theme.breakLine} strokeWidth={1} />
      <text x={x} y={y + 12} textAnchor="middle" fontSize={10} fontWeight={500} fill={theme.breakText}>
        {text}
      </text>
    </g>
  );
}

function XTick({ x, y, payload, rows, theme }: { x?: number | string; y?: number | string; payload?: { value?: unknown }; rows: ChartRow[]; theme: ModelChartTheme }) {
  const row = payload ? rows[Number(payload.value)] : undefined;
  if (!row || x === undefined || y === undefined) return null;
  return (
    <g transform={`translate(${x},${y})`}>
      <text dy={12} textAnchor="middle" fontSize={11} fontFamily="var(--font-mono)" fill={theme.text}>
        {row.label.length > 14 ? `${row.label.slice(0, 13)}…` : row.label}
      </text>
      <text dy={26} textAnchor="middle" fontSize={10} fill={theme.axis}>
        {row.date.slice(5, 10)}
      </text>
    </g>
  );
}

function HistoryTooltip({ active, payload, colorOf, theme }: TooltipContentProps<ValueType, NameType> & { colorOf: ColorOf; theme: ModelChartTheme }) {
  const row = active ? (payload?.[0]?.payload as ChartRow | undefined) : undefined;
  if (!row) return null;
  return (
    <div className="max-w-xs rounded-md border px-3 py-2 text-xs shadow-md" style={{ background: theme.tooltipBg, borderColor: theme.tooltipBorder }}>
      <div className="flex items-center gap-1.5 font-medium">
        <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: colorOf(row.versionId) }} />
        <span className="font-mono">{row.label}</span>
        <span className="text-zinc-500">· run #{row.runId}</span>
      </div>
      <div className="mt-1 text-sm font-semibold tabular-nums">
        {formatScore(row.value)}
        {row.ci ? (
          <span className="ml-1 text-xs font-normal text-zinc-500">
            95% CI [{formatScore(row.ci[0])}, {formatScore(row.ci[1])}]
          </span>
        ) : (
          <span className="ml-1 text-xs font-normal text-zinc-500">no CI</span>
        )}
      </div>
      <div className="mt-1 space-y-0.5 text-zinc-500">
        <div>{formatDateTime(row.date)}</div>
        <div>
          task version {row.taskVersion ?? "?"} · lmms-eval {row.lmmsEvalVersion ?? "?"}
        </div>
      </div>
      {row.breakReason ? <div className="mt-1.5 rounded bg-amber-50 px-1.5 py-1 text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">Not comparable with the previous run: {row.breakReason}</div> : null}
      <div className="mt-1.5 text-[11px] text-zinc-400">Click the point to open the run</div>
    </div>
  );
}

/**
 * A benchmark's scores over the model's runs, oldest first: one line per comparable segment with its 95% CI band,
 * dots coloured by version and linking to their run, and a dashed marker wherever the task version or the
 * lmms-eval version changed (the line is not drawn across it).
 */
export function HistoryChart({ points, versionOrder, label }: { points: HistoryPoint[]; versionOrder: number[]; label: string }) {
  const theme = useModelChartTheme();
  const router = useRouter();
  const chart = toHistoryChart(points);
  const yAxis = niceAxis(chart.domain[0], chart.domain[1]);
  const colorOf: ColorOf = (versionId) => versionColor(Math.max(0, versionOrder.indexOf(versionId)), theme.dark);
  const n = chart.rows.length;
  const numbered = chart.breaks.length > 2;
  const open = (runId: number) => router.push(`/runs/${runId}`);

  if (n === 0) {
    return <p className="px-4 py-10 text-center text-sm text-zinc-500">No numeric scores for this benchmark yet.</p>;
  }

  return (
    <figure aria-label={label} className="w-full">
      <ComposedChart responsive style={{ width: "100%", height: HEIGHT }} data={chart.rows} margin={{ top: 30, right: 28, bottom: 8, left: 4 }} accessibilityLayer>
        <CartesianGrid vertical={false} stroke={theme.grid} />
        <XAxis
          type="number"
          dataKey="x"
          domain={[-0.5, n - 0.5]}
          ticks={chart.rows.map((r) => r.x)}
          interval="preserveStartEnd"
          minTickGap={6}
          height={38}
          tickLine={false}
          stroke={theme.axis}
          tick={(props: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) => <XTick x={props.x} y={props.y} payload={props.payload} rows={chart.rows} theme={theme} />}
        />
        <YAxis
          type="number"
          domain={yAxis.domain}
          ticks={yAxis.ticks}
          allowDataOverflow
          width={64}
          tickLine={false}
          stroke={theme.axis}
          tick={{ fill: theme.text, fontSize: 11 }}
          tickFormatter={(v: number) => v.toFixed(yAxis.decimals)}
        />
        <Tooltip
          cursor={{ stroke: theme.axis, strokeDasharray: "2 3" }}
          content={(props: TooltipContentProps<ValueType, NameType>) => <HistoryTooltip {...props} colorOf={colorOf} theme={theme} />}
        />
        {segmentKeys(chart.segmentCount).map(({ band }) => (
          <Area key={band} dataKey={band} type="linear" stroke="none" fill={theme.band} fillOpacity={theme.dark ? 0.18 : 0.12} isAnimationActive={false} connectNulls={false} activeDot={false} dot={false} legendType="none" tooltipType="none" />
        ))}
        {chart.breaks.map((b, i) => (
          <ReferenceLine
            key={`break-${b.x}`}
            x={b.x}
            stroke={theme.breakLine}
            strokeDasharray="5 4"
            strokeWidth={1.5}
            label={(props: { viewBox?: { x?: number; y?: number } }) => <BreakLabel viewBox={props.viewBox} text={numbered ? String(i + 1) : shortReason(b.reason, 34)} theme={theme} />}
          />
        ))}
        {segmentKeys(chart.segmentCount).map(({ line }) => (
          <Line
            key={line}
            dataKey={line}
            type="linear"
            stroke={theme.line}
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
            dot={(props: DotItemDotProps) => <HistoryDot key={`${line}-${props.index}`} {...props} colorOf={colorOf} theme={theme} onOpen={open} />}
            activeDot={false}
            legendType="none"
          />
        ))}
      </ComposedChart>
      <figcaption className="sr-only">
        {label}: {chart.rows.map((r) => `${r.label} run ${r.runId} ${formatScore(r.value)}`).join("; ")}
      </figcaption>
      <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden>
        {chart.versions.map((v) => (
          <span key={v.versionId} className="inline-flex items-center gap-1.5">
            <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: colorOf(v.versionId) }} />
            <span className="font-mono">{v.label}</span>
          </span>
        ))}
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-5 rounded-sm" style={{ background: theme.band, opacity: theme.dark ? 0.3 : 0.2 }} />
          95% CI (value ± 1.96·stderr)
        </span>
      </div>
      <BreakLegend breaks={chart.breaks} numbered={numbered} rows={chart.rows} />
      {chart.skipped ? <p className="mt-2 text-xs text-zinc-500">{chart.skipped} run(s) reported no numeric value for this metric and are not drawn.</p> : null}
    </figure>
  );
}

function BreakLegend({ breaks, numbered, rows }: { breaks: ReturnType<typeof toHistoryChart>["breaks"]; numbered: boolean; rows: ChartRow[] }) {
  if (!breaks.length) return null;
  return (
    <ul className="mt-3 space-y-1 text-xs text-zinc-600 dark:text-zinc-400" aria-label="Breaks in the history">
      {breaks.map((b, i) => {
        const before = rows[Math.ceil(b.x)];
        return (
          <li key={b.x} className="flex gap-2" data-testid="history-break">
            <span className="inline-flex h-4 min-w-4 shrink-0 items-center justify-center rounded-full border border-amber-500 bg-amber-50 px-1 text-[10px] font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-200">
              {numbered ? i + 1 : "!"}
            </span>
            <span>
              Break before run #{b.beforeRunId}
              {before ? ` (${before.label})` : ""}: {b.reason}. Scores on either side are not comparable, so the line is not joined.
            </span>
          </li>
        );
      })}
    </ul>
  );
}
