"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-reads the server component around it: every `intervalMs` while something is in flight, and/or once at `atMs`
 * (just after the next fire time). Skipped while the tab is hidden; a refresh keeps client state (open forms).
 */
export function AutoRefresh({ intervalMs, atMs }: { intervalMs: number | null; atMs: number | null }) {
  const router = useRouter();
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === "visible") router.refresh();
    };
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    let interval: ReturnType<typeof setInterval> | null = null;
    if (intervalMs) interval = setInterval(refresh, intervalMs);
    if (atMs) timers.push(setTimeout(refresh, Math.max(1000, Math.min(atMs - Date.now(), 2 ** 31 - 1))));
    const onVisible = () => {
      if (document.visibilityState === "visible" && (intervalMs || (atMs && atMs < Date.now()))) router.refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      if (interval) clearInterval(interval);
      timers.forEach(clearTimeout);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router, intervalMs, atMs]);
  return null;
}
