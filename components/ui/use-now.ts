"use client";

import { useEffect, useState } from "react";

/**
 * The current time, ticking while `active`. It starts at the server's render time so the first client render matches
 * the HTML (no hydration mismatch), then follows the viewer's clock.
 */
export function useNow(serverNow: number, active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
