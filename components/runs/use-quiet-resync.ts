"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * A safety net under the live stream: while something on the page is still queued or running and no event has
 * arrived for `quietMs`, re-read the state from the API. The worker drops events while its own link to the web process
 * is down (the DB stays right), and the browser's socket never noticed, so `useRoom`'s reconnect resync would not run.
 * Returns `touch`, to be called whenever an event arrives.
 */
export function useQuietResync(active: boolean, resync: () => void, quietMs = 15_000): () => void {
  const lastHeard = useRef(0);
  const resyncRef = useRef(resync);
  resyncRef.current = resync;

  useEffect(() => {
    if (!active) return;
    lastHeard.current = Date.now();
    const timer = setInterval(() => {
      if (document.visibilityState === "hidden" || Date.now() - lastHeard.current < quietMs) return;
      lastHeard.current = Date.now();
      resyncRef.current();
    }, Math.min(5_000, quietMs));
    return () => clearInterval(timer);
  }, [active, quietMs]);

  return useCallback(() => {
    lastHeard.current = Date.now();
  }, []);
}
