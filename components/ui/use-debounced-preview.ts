"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Asks the server about what is being typed once typing pauses for `delayMs` (`key` identifies the input, e.g. its
 * JSON). Answers to older inputs are dropped, so a slow answer can never overwrite a newer one; `stale` says the shown
 * result belongs to an older input (show a spinner, keep the old answer). A `null` key asks nothing.
 */
export function useDebouncedPreview<R extends object>(
  key: string | null,
  fetchPreview: (key: string) => Promise<R>,
  delayMs = 300,
): { result: (R & { key: string }) | null; stale: boolean } {
  const [result, setResult] = useState<(R & { key: string }) | null>(null);
  // The fetcher is usually an inline closure; the latest one is used without restarting the timer on every render.
  const fetcher = useRef(fetchPreview);
  fetcher.current = fetchPreview;
  useEffect(() => {
    if (key === null) return;
    let current = true;
    const timer = setTimeout(async () => {
      const value = await fetcher.current(key);
      if (current) setResult({ ...value, key });
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, delayMs]);
  return { result: key === null ? null : result, stale: key !== null && result?.key !== key };
}
