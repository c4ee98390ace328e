"use client";

import { DARK_BASE, LIGHT_BASE, useDarkMode, type ChartBase } from "@/components/charts/chart-base";

/**
 * Chart colours following the `dark` class on <html> (the user's theme): recharts draws SVG with presentation
 * attributes, which take concrete colours, not Tailwind classes. The reference run is always neutral grey so the
 * eye reads every coloured series as "compared with it".
 */
export type CompareChartTheme = ChartBase & {
  series: string[];
  reference: string;
  whisker: string;
};

const LIGHT: CompareChartTheme = {
  ...LIGHT_BASE,
  series: ["#6366f1", "#f59e0b", "#10b981", "#ec4899", "#0ea5e9", "#8b5cf6", "#84cc16", "#f97316", "#14b8a6", "#e11d48"],
  reference: "#a1a1aa",
  whisker: "#27272a",
};

const DARK: CompareChartTheme = {
  ...DARK_BASE,
  series: ["#818cf8", "#fbbf24", "#34d399", "#f472b6", "#38bdf8", "#a78bfa", "#a3e635", "#fb923c", "#2dd4bf", "#fb7185"],
  reference: "#71717a",
  whisker: "#e4e4e7",
};

export function useCompareChartTheme(): CompareChartTheme {
  return useDarkMode() ? DARK : LIGHT;
}

/** Colour of series `index` among `count`, the reference grey; the others take the palette in order. */
export function seriesColor(theme: CompareChartTheme, index: number, referenceIndex: number): string {
  if (index === referenceIndex) return theme.reference;
  const position = index < referenceIndex ? index : index - 1;
  return theme.series[position % theme.series.length];
}
