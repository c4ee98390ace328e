"use client";

import { Check, ChevronLeft, ChevronRight, Minus, TriangleAlert, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { trapTab, useModalDialog } from "@/components/ui/dialog";
import { formatCount } from "@/lib/number-format";
import { excerptAround, searchTerms } from "@/lib/results-view/highlight";
import { responseView } from "@/lib/results-view/sample-fields";
import { HighlightedText } from "./highlighted-text";
import { DiscussionPanel, type Viewer } from "@/components/comments/discussion-panel";
import { SampleDetail } from "./sample-detail";
import { useSamplesNavigation } from "./samples-navigation";
import { isTyping } from "@/components/ui/keyboard";
import { SEARCH_INPUT_ID } from "./samples-toolbar";
import type { SamplesPage, SampleView } from "./types";

function shortResponse(sample: SampleView): string {
  const view = responseView(sample.filteredResps ?? sample.response);
  const text = view.kind === "text" ? view.text : view.kind === "list" ? `[${view.items.length} choices]` : "";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 24 ? `${flat.slice(0, 23)}…` : flat || "∅";
}

function StatusIcon({ sample }: { sample: SampleView }) {
  if (sample.failure) return <TriangleAlert size={14} className="text-amber-500" aria-label={sample.failure === "request_failed" ? "request failed" : "budget exceeded"} />;
  if (sample.correct === true) return <Check size={14} className="text-emerald-600 dark:text-emerald-400" aria-label="correct" />;
  if (sample.correct === false) return <X size={14} className="text-red-600 dark:text-red-400" aria-label="incorrect" />;
  return <Minus size={14} className="text-zinc-400" aria-label="not scored right/wrong" />;
}

/**
 * One server-rendered page of samples: a keyboard-driven list (j/k or ↑/↓ to move, Enter to open, / to search)
 * beside the selected sample in full. Pages come from the server (keyset by doc_id); nothing loads every sample.
 */
export function SamplesResults({
  runId,
  page,
  error,
  discussion,
}: {
  runId: number;
  page: SamplesPage;
  error: string | null;
  discussion: { viewer: Viewer; canComment: boolean; serverNow: number };
}) {
  const { view, navigate, hrefFor, pending } = useSamplesNavigation();
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const dialogRef = useModalDialog(open);
  const listRef = useRef<HTMLDivElement>(null);
  const terms = useMemo(() => searchTerms(view.q), [view.q]);
  const items = page.items;
  const selected = items[Math.min(active, items.length - 1)] ?? null;

  const move = useCallback(
    (delta: number) => {
      setActive((i) => Math.max(0, Math.min(items.length - 1, i + delta)));
    },
    [items.length],
  );

  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const inList = listRef.current?.contains(e.target as Node) ?? false;
      if (e.key === "j" || (inList && e.key === "ArrowDown")) {
        e.preventDefault();
        move(1);
      } else if (e.key === "k" || (inList && e.key === "ArrowUp")) {
        e.preventDefault();
        move(-1);
      } else if (e.key === "Enter" && selected && (inList || e.target === document.body)) {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === "/" && !open) {
        e.preventDefault();
        document.getElementById(SEARCH_INPUT_ID)?.focus();
      } else if (e.key === "n" && page.nextCursor !== null) {
        navigate({ cursor: page.nextCursor });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, navigate, open, page.nextCursor, selected]);

  const atStart = view.cursor === null && view.doc === null;
  const firstDoc = items[0]?.docId;
  const lastDoc = items[items.length - 1]?.docId;
  const totalText = `${formatCount(page.total)}${page.totalIsLowerBound ? "+" : ""}`;

  const pager = (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3 px-4 py-2 text-xs text-zinc-500">
      <span className="tabular-nums" data-testid="samples-count">
        {items.length ? (
          <>
            doc {firstDoc}–{lastDoc} · {formatCount(items.length)} shown of {totalText} matching
          </>
        ) : (
          <>0 of {totalText} matching</>
        )}
      </span>
      <span className="flex items-center gap-1.5">
        {atStart ? (
          <span className={cn(buttonClasses("secondary", "sm"), "pointer-events-none opacity-40")} aria-disabled="true">
            <ChevronLeft size={12} aria-hidden /> First
          </span>
        ) : (
          <Link href={hrefFor({ cursor: null, doc: null })} scroll={false} className={buttonClasses("secondary", "sm")}>
            <ChevronLeft size={12} aria-hidden /> First
          </Link>
        )}
        {page.nextCursor !== null ? (
          <Link href={hrefFor({ cursor: page.nextCursor })} scroll={false} className={buttonClasses("secondary", "sm")} aria-keyshortcuts="n">
            Next <ChevronRight size={12} aria-hidden />
          </Link>
        ) : (
          <span className={cn(buttonClasses("secondary", "sm"), "pointer-events-none opacity-40")} aria-disabled="true">
            Next <ChevronRight size={12} aria-hidden />
          </span>
        )}
      </span>
    </nav>
  );

  if (error) {
    return (
      <div role="alert" className="m-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
        {error}
      </div>
    );
  }

  if (items.length === 0) {
    return (
      <div className="px-6 py-12 text-center" data-testid="samples-empty">
        <p className="text-sm font-medium">No samples match</p>
        <p className="mt-1 text-sm text-zinc-500">
          {view.q ? `Nothing contains “${view.q}” with these filters. ` : ""}
          Try another filter, or{" "}
          <Link href={hrefFor({ correct: "any", failed: "any", q: null, category: null, doc: null })} className="text-accent-600 hover:underline dark:text-accent-500">
            show every sample of this task
          </Link>
          .
        </p>
      </div>
    );
  }

  return (
    <div className={cn("transition-opacity", pending && "opacity-60")}>
      <div className="grid lg:grid-cols-[minmax(18rem,2fr)_minmax(0,3fr)]">
        <div className="border-b border-zinc-200 lg:border-r lg:border-b-0 dark:border-zinc-800">
          <div
            ref={listRef}
            role="listbox"
            tabIndex={0}
            aria-label="Samples"
            aria-activedescendant={selected ? `sample-option-${selected.docId}` : undefined}
            className="max-h-[70vh] overflow-y-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-accent-500/40 focus-visible:ring-inset lg:max-h-[calc(100vh-16rem)]"
            data-testid="samples-list"
          >
            {items.map((s, i) => (
              <div
                key={`${s.task}:${s.docId}`}
                id={`sample-option-${s.docId}`}
                role="option"
                aria-selected={i === active}
                data-index={i}
                data-doc-id={s.docId}
                onClick={() => setActive(i)}
                onDoubleClick={() => {
                  setActive(i);
                  setOpen(true);
                }}
                className={cn(
                  "flex cursor-pointer gap-2.5 border-b border-l-2 border-zinc-100 px-3 py-2 text-sm dark:border-b-zinc-800/70",
                  i === active ? "border-l-accent-500 bg-accent-50 dark:bg-accent-500/10" : "border-l-transparent hover:bg-zinc-50 dark:hover:bg-zinc-800/40",
                )}
              >
                <span className="w-12 shrink-0 pt-px text-right font-mono text-xs text-zinc-500 tabular-nums">{s.docId}</span>
                <span className="shrink-0 pt-0.5">
                  <StatusIcon sample={s} />
                </span>
                <span className="min-w-0 flex-1">
                  <span className="line-clamp-2 text-[13px] text-zinc-800 dark:text-zinc-200">
                    <HighlightedText text={excerptAround(s.input ?? "", terms, 160)} terms={terms} />
                  </span>
                  <span className="mt-0.5 flex items-center gap-1.5 font-mono text-[11px] text-zinc-500">
                    <span title="target" className="max-w-[40%] truncate">
                      {s.target ?? "∅"}
                    </span>
                    <span aria-hidden>→</span>
                    <span title="response" className={cn("max-w-[40%] truncate", s.correct === false && "text-red-600 dark:text-red-400")}>
                      {shortResponse(s)}
                    </span>
                    {s.category ? <span className="ml-auto truncate text-zinc-400">{s.category}</span> : null}
                  </span>
                </span>
              </div>
            ))}
          </div>
          <div className="border-t border-zinc-200 dark:border-zinc-800">{pager}</div>
        </div>
        <div className="min-w-0 px-4 py-4 lg:max-h-[calc(100vh-12rem)] lg:overflow-y-auto">
          {selected ? (
            <>
              <SampleDetail key={`${selected.task}:${selected.docId}`} sample={selected} terms={terms} runId={runId} onExpand={() => setOpen(true)} />
              <div className="mt-5 border-t border-zinc-200 pt-4 dark:border-zinc-800">
                <DiscussionPanel
                  // One panel per sample: switching samples re-joins the run's room and re-reads that sample's thread.
                  key={`${selected.task}:${selected.docId}`}
                  scope={{ runId, sample: { task: selected.task, docId: selected.docId } }}
                  initial={[]}
                  viewer={discussion.viewer}
                  canComment={discussion.canComment}
                  serverNow={discussion.serverNow}
                  withLabels
                  title={`Discussion of doc ${selected.docId}`}
                  emptyText="No comments on this sample. Flag a wrong target, an ambiguous question or a model error."
                />
              </div>
            </>
          ) : null}
        </div>
      </div>
      <p className="border-t border-zinc-200 px-4 py-2 text-[11px] text-zinc-500 dark:border-zinc-800">
        Keys: <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> or <kbd className="font-mono">↑</kbd>/<kbd className="font-mono">↓</kbd> move ·{" "}
        <kbd className="font-mono">Enter</kbd> open · <kbd className="font-mono">Esc</kbd> close · <kbd className="font-mono">/</kbd> search ·{" "}
        <kbd className="font-mono">n</kbd> next page
      </p>
      <dialog
        ref={dialogRef}
        onClose={() => setOpen(false)}
        onClick={(e) => {
          if (e.target === dialogRef.current) setOpen(false);
        }}
        onKeyDown={trapTab}
        aria-label={selected ? `Sample ${selected.docId}` : "Sample"}
        className="m-auto max-h-[90vh] w-[min(64rem,calc(100vw-2rem))] overflow-y-auto rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {open && selected ? (
          <div className="p-5">
            <div className="mb-3 flex items-center justify-between gap-2 text-xs text-zinc-500">
              <span className="tabular-nums">
                {active + 1} / {items.length} on this page · j/k to move
              </span>
              <Button variant="ghost" size="sm" onClick={() => setOpen(false)} aria-label="Close">
                <X size={14} aria-hidden /> Close
              </Button>
            </div>
            <SampleDetail key={`dialog:${selected.task}:${selected.docId}`} sample={selected} terms={terms} runId={runId} expanded />
          </div>
        ) : null}
      </dialog>
    </div>
  );
}
