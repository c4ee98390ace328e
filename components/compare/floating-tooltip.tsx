"use client";

import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";

type Anchor = { rect: DOMRect; content: ReactNode };

/**
 * One tooltip for a whole table, positioned `fixed` next to the hovered or focused element: absolutely positioned
 * tooltips inside a scrolling, sticky-header table get clipped by its overflow. The anchor gets aria-describedby.
 */
export function useFloatingTooltip() {
  const id = useId();
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const show = useCallback((element: HTMLElement, content: ReactNode) => setAnchor({ rect: element.getBoundingClientRect(), content }), []);
  const hide = useCallback(() => setAnchor(null), []);
  useEffect(() => {
    if (!anchor) return;
    // The anchor's position is stale once anything scrolls; hide rather than point at the wrong cell.
    window.addEventListener("scroll", hide, true);
    return () => window.removeEventListener("scroll", hide, true);
  }, [anchor, hide]);
  const node = anchor ? <FloatingTooltip id={id} anchor={anchor} /> : null;
  return { id, active: anchor !== null, show, hide, node };
}

function FloatingTooltip({ id, anchor }: { id: string; anchor: Anchor }) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { rect } = anchor;
    const width = el.offsetWidth;
    const height = el.offsetHeight;
    const margin = 8;
    const left = Math.min(Math.max(margin, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - margin);
    const below = rect.bottom + 6;
    const top = below + height > window.innerHeight - margin ? Math.max(margin, rect.top - height - 6) : below;
    setPosition({ left, top });
  }, [anchor]);
  return (
    <div
      ref={ref}
      id={id}
      role="tooltip"
      style={{ left: position?.left ?? -9999, top: position?.top ?? -9999 }}
      className="pointer-events-none fixed z-50 w-max max-w-sm rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs leading-relaxed text-zinc-700 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
    >
      {anchor.content}
    </div>
  );
}
