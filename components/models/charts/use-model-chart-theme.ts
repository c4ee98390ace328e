"use client";

import { useSyncExternalStore } from "react";

/**
 * Colours for the model charts, following the `dark` class on <html>. SVG attributes need concrete colours (no
 * Tailwind classes), so recharts gets them from here; same palette as the results charts.
 */
export type ModelChartTheme = {
  dark: boolean;
  line: string;
  band: string;
  grid: string;
  axis: string;
  text: string;
  breakLine: string;
  breakText: string;
  breakBg: string;
  dotStroke: string;
  tooltipBg: string;
  tooltipBorder: string;
};

const LIGHT: ModelChartTheme = {
  dark: false,
  line: "#6366f1",
  band: "#6366f1",
  grid: "#e4e4e7",
  axis: "#a1a1aa",
  text: "#52525b",
  breakLine: "#d97706",
  breakText: "#92400e",
  breakBg: "#fffbeb",
  dotStroke: "#ffffff",
  tooltipBg: "#ffffff",
  tooltipBorder: "#e4e4e7",
};

const DARK: ModelChartTheme = {
  dark: true,
  line: "#818cf8",
  band: "#818cf8",
  grid: "#27272a",
  axis: "#52525b",
  text: "#a1a1aa",
  breakLine: "#fbbf24",
  breakText: "#fde68a",
  breakBg: "#451a03",
  dotStroke: "#18181b",
  tooltipBg: "#18181b",
  tooltipBorder: "#3f3f46",
};

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

const isDark = () => document.documentElement.classList.contains("dark");

export function useModelChartTheme(): ModelChartTheme {
  return useSyncExternalStore(subscribe, isDark, () => false) ? DARK : LIGHT;
}
