"use client";

import { DARK_BASE, LIGHT_BASE, useDarkMode, type ChartBase } from "@/components/charts/chart-base";

/**
 * Colours for the model charts, following the `dark` class on <html>. SVG attributes need concrete colours (no
 * Tailwind classes), so recharts gets them from here; same palette as the results charts.
 */
export type ModelChartTheme = ChartBase & {
  dark: boolean;
  line: string;
  band: string;
  breakLine: string;
  breakText: string;
  breakBg: string;
  dotStroke: string;
};

const LIGHT: ModelChartTheme = {
  ...LIGHT_BASE,
  dark: false,
  line: "#6366f1",
  band: "#6366f1",
  breakLine: "#d97706",
  breakText: "#92400e",
  breakBg: "#fffbeb",
  dotStroke: "#ffffff",
};

const DARK: ModelChartTheme = {
  ...DARK_BASE,
  dark: true,
  line: "#818cf8",
  band: "#818cf8",
  breakLine: "#fbbf24",
  breakText: "#fde68a",
  breakBg: "#451a03",
  dotStroke: "#18181b",
};

export function useModelChartTheme(): ModelChartTheme {
  return useDarkMode() ? DARK : LIGHT;
}
