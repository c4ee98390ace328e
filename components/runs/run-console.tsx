"use client";

import { ArrowDownToLine, Download, Search, X } from "lucide-react";
import { memo, useDeferredValue, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { highlightSegments, lineMatches, type AnsiSegment } from "@/lib/runs-view/ansi";
import { lastSeqOf, type ConsoleLine } from "@/lib/runs-view/log-lines";
import { useRunLive } from "./run-live";

/** Within this many pixels of the bottom counts as "at the bottom" (sub-pixel rounding, a trackpad's last nudge). */
const STICKY_SLACK_PX = 24;

function segmentStyle(segment: AnsiSegment): CSSProperties | undefined {
  if (!segment.fg && !segment.bg && !segment.bold && !segment.dim && !segment.italic && !segment.underline) return undefined;
  return {
    color: segment.fg ? `rgb(${segment.fg})` : undefined,
    backgroundColor: segment.bg ? `rgb(${segment.bg})` : undefined,
    fontWeight: segment.bold ? 600 : undefined,
    opacity: segment.dim ? 0.7 : undefined,
    fontStyle: segment.italic ? "italic" : undefined,
    textDecoration: segment.underline ? "underline" : undefined,
  };
}

/** One console line: colours as inline styles on text spans (never HTML from the run), search hits marked. */
const ConsoleRow = memo(function ConsoleRow({ line, query }: { line: ConsoleLine; query: string }) {
  const pieces = query ? highlightSegments(line.segments, query) : line.segments.map((s) => ({ ...s, match: false }));
  return (
    <div
      data-seq={line.seq}
      data-stream={line.stream}
      data-testid="console-line"
      className={cn(
        "flex border-l-2 pr-3",
        line.stream === "stderr" && "border-amber-500/50 bg-amber-500/[0.04]",
        line.stream === "system" && "border-sky-400/70 bg-sky-400/[0.06]",
        line.stream === "stdout" && "border-transparent",
      )}
    >
      <span aria-hidden className="w-14 shrink-0 pr-3 text-right text-zinc-600 tabular-nums select-none">
        {line.seq}
      </span>
      {line.stream === "stderr" ? (
        <span className="sr-only">stderr: </span>
      ) : null}
      <span className={cn("min-w-0 flex-1 break-all whitespace-pre-wrap", line.stream === "system" && "text-sky-300 italic")}>
        {line.stream === "system" ? <span className="mr-1.5 not-italic text-sky-400 select-none">[dashboard]</span> : null}
        {pieces.length === 0 ? "\u00a0" : null}
        {pieces.map((piece, i) =>
          piece.match ? (
            <mark key={i} style={segmentStyle(piece)} className="rounded-sm bg-yellow-300/90 text-zinc-950 outline outline-1 outline-yellow-200">
              {piece.text}
            </mark>
          ) : (
            <span key={i} style={segmentStyle(piece)}>
              {piece.text}
            </span>
          ),
        )}
      </span>
    </div>
  );
});

/**
 * The live console: stdout as lmms-eval coloured it, stderr marked with an amber edge, the dashboard's own notes in
 * blue. It follows new output until the reader scrolls up, then offers "Jump to latest". Search filters to matching
 * lines and highlights the matches. Long runs keep the newest lines here; the download has everything.
 */
export function RunConsole() {
  const { run, lines } = useRunLive();
  const [query, setQuery] = useState("");
  const deferredQuery = useDeferredValue(query.trim());
  const visible = useMemo(() => (deferredQuery ? lines.filter((l) => lineMatches(l.plain, deferredQuery)) : lines), [lines, deferredQuery]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const [pausedAtSeq, setPausedAtSeq] = useState(0);
  const newest = lastSeqOf(lines);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [visible, follow]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= STICKY_SLACK_PX;
    if (atBottom !== follow) {
      setFollow(atBottom);
      if (!atBottom) setPausedAtSeq(newest);
    }
  };

  const jumpToLatest = () => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
    setFollow(true);
  };

  const unseen = follow ? 0 : Math.max(0, newest - pausedAtSeq);
  const earlierOmitted = lines.length > 0 && lines[0].seq > 1 ? lines[0].seq - 1 : 0;
  const hasConsoleFile = Boolean(run.startedAt);

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">Console</h2>
        <span className="text-xs text-zinc-500 tabular-nums" data-testid="console-count">
          {deferredQuery
            ? `${visible.length.toLocaleString("en-US")} of ${lines.length.toLocaleString("en-US")} lines match`
            : `${lines.length.toLocaleString("en-US")} lines`}
        </span>
        <div className="ml-auto flex items-center gap-2">
          <div className="relative">
            <Search size={13} aria-hidden className="pointer-events-none absolute top-1/2 left-2 -translate-y-1/2 text-zinc-400" />
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") setQuery("");
              }}
              placeholder="Search output"
              aria-label="Search console output"
              className="h-7 w-56 rounded-md border [&::-webkit-search-cancel-button]:appearance-none border-zinc-300 bg-white pr-7 pl-7 text-xs placeholder:text-zinc-400 focus:border-accent-500 focus:ring-2 focus:ring-accent-500/30 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
            />
            {query ? (
              <button
                type="button"
                onClick={() => setQuery("")}
                aria-label="Clear search"
                className="absolute top-1/2 right-1.5 -translate-y-1/2 rounded text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
              >
                <X size={13} aria-hidden />
              </button>
            ) : null}
          </div>
          {hasConsoleFile ? (
            <a
              href={`/api/v1/runs/${run.id}/console`}
              download
              className="inline-flex h-7 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2.5 text-xs font-medium text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
            >
              <Download size={13} aria-hidden /> Download full console
            </a>
          ) : null}
        </div>
      </div>
      <div className="relative">
        <div
          ref={scrollRef}
          onScroll={onScroll}
          tabIndex={0}
          role="log"
          aria-live="off"
          aria-label={`Console output of run #${run.id}`}
          data-testid="run-console"
          className="max-h-[32rem] min-h-40 overflow-auto bg-zinc-950 py-2 font-mono text-[12px] leading-5 text-zinc-200 focus-visible:outline-offset-[-2px]"
        >
          {earlierOmitted ? (
            <p className="px-4 pb-2 text-zinc-500 italic">
              {earlierOmitted.toLocaleString("en-US")} earlier line{earlierOmitted === 1 ? "" : "s"} are not shown here
              {hasConsoleFile ? " — the full console download has them." : "."}
            </p>
          ) : null}
          {lines.length === 0 ? (
            <p className="px-4 text-zinc-500">
              {run.status === "queued" ? "Waiting in the queue. Output appears here as soon as the run starts." : run.startedAt ? "No output yet." : "This run produced no output."}
            </p>
          ) : visible.length === 0 ? (
            <p className="px-4 text-zinc-500">No line contains “{deferredQuery}”.</p>
          ) : (
            visible.map((line) => <ConsoleRow key={line.seq} line={line} query={deferredQuery} />)
          )}
        </div>
        {!follow ? (
          <button
            type="button"
            onClick={jumpToLatest}
            className="absolute right-5 bottom-4 inline-flex items-center gap-1.5 rounded-full bg-accent-600 px-3 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-accent-700"
          >
            <ArrowDownToLine size={13} aria-hidden /> Jump to latest{unseen ? ` (${unseen.toLocaleString("en-US")} new)` : ""}
          </button>
        ) : null}
      </div>
    </Card>
  );
}
