"use client";

import { useSyncExternalStore } from "react";

/**
 * Chart colours that follow the `dark` class on <html> (the user's theme). SVG presentation attributes cannot use
 * Tailwind classes or CSS variables reliably, so recharts gets concrete colours from here.
 */
export type ChartTheme = {
  bar: string;
  barMuted: string;
  whisker: string;
  grid: string;
  axis: string;
  text: string;
  reference: string;
  tooltipBg: string;
  tooltipBorder: string;
};

const LIGHT: ChartTheme = {
  bar: "#6366f1",
  barMuted: "#c7d2fe",
  whisker: "#1e1b4b",
  grid: "#e4e4e7",
  axis: "#a1a1aa",
  text: "#52525b",
  reference: "#f59e0b",
  tooltipBg: "#ffffff",
  tooltipBorder: "#e4e4e7",
};

const DARK: ChartTheme = {
  bar: "#818cf8",
  barMuted: "#3730a3",
  whisker: "#e0e7ff",
  grid: "#27272a",
  axis: "#52525b",
  text: "#a1a1aa",
  reference: "#fbbf24",
  tooltipBg: "#18181b",
  tooltipBorder: "#3f3f46",
};

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

const isDark = () => document.documentElement.classList.contains("dark");

export function useChartTheme(): ChartTheme {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);
  return dark ? DARK : LIGHT;
}
