"use client";

import { DARK_BASE, LIGHT_BASE, useDarkMode, type ChartBase } from "@/components/charts/chart-base";

/**
 * Chart colours that follow the `dark` class on <html> (the user's theme). SVG presentation attributes cannot use
 * Tailwind classes or CSS variables reliably, so recharts gets concrete colours from here.
 */
export type ChartTheme = ChartBase & {
  bar: string;
  barMuted: string;
  whisker: string;
  reference: string;
};

const LIGHT: ChartTheme = {
  ...LIGHT_BASE,
  bar: "#6366f1",
  barMuted: "#c7d2fe",
  whisker: "#1e1b4b",
  reference: "#f59e0b",
};

const DARK: ChartTheme = {
  ...DARK_BASE,
  bar: "#818cf8",
  barMuted: "#3730a3",
  whisker: "#e0e7ff",
  reference: "#fbbf24",
};

export function useChartTheme(): ChartTheme {
  const dark = useDarkMode();
  return dark ? DARK : LIGHT;
}
