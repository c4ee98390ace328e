"use client";

import { useSyncExternalStore } from "react";

/**
 * What every chart theme shares: whether the user's theme is dark (the `dark` class on <html>, followed live) and the
 * neutral colours of axes, grid and tooltips. recharts draws SVG with presentation attributes, which take concrete
 * colours, not Tailwind classes; each chart family adds its own series colours on top.
 */
export type ChartBase = { grid: string; axis: string; text: string; tooltipBg: string; tooltipBorder: string };

export const LIGHT_BASE: ChartBase = { grid: "#e4e4e7", axis: "#a1a1aa", text: "#52525b", tooltipBg: "#ffffff", tooltipBorder: "#e4e4e7" };
export const DARK_BASE: ChartBase = { grid: "#27272a", axis: "#52525b", text: "#a1a1aa", tooltipBg: "#18181b", tooltipBorder: "#3f3f46" };

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

const isDark = () => document.documentElement.classList.contains("dark");

/** True while the page is in dark mode; server renders assume light. */
export function useDarkMode(): boolean {
  return useSyncExternalStore(subscribe, isDark, () => false);
}
