"use client";

import { usePathname, useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useTransition, type ReactNode } from "react";
import { samplesQuery, updateView, type SamplesViewState } from "@/lib/results-view/samples-url";

type Navigation = {
  view: SamplesViewState;
  /** Applies a change to the view (filters reset the cursor) and moves the URL there; the server renders the page. */
  navigate: (patch: Partial<SamplesViewState>) => void;
  hrefFor: (patch: Partial<SamplesViewState>) => string;
  pending: boolean;
};

const NavigationContext = createContext<Navigation | null>(null);

export function SamplesNavigationProvider({ view, children }: { view: SamplesViewState; children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const hrefFor = useCallback((patch: Partial<SamplesViewState>) => `${pathname}${samplesQuery(updateView(view, patch))}`, [pathname, view]);
  const navigate = useCallback(
    (patch: Partial<SamplesViewState>) => {
      const href = hrefFor(patch);
      startTransition(() => router.push(href, { scroll: false }));
    },
    [hrefFor, router],
  );
  const value = useMemo(() => ({ view, navigate, hrefFor, pending }), [view, navigate, hrefFor, pending]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useSamplesNavigation(): Navigation {
  const value = useContext(NavigationContext);
  if (!value) throw new Error("useSamplesNavigation needs <SamplesNavigationProvider>");
  return value;
}
