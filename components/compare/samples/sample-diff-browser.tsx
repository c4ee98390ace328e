"use client";

import { formatSampleScore } from "@/lib/number-format";
import { Check, ChevronLeft, ChevronRight, Circle, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { DiscussionPanel, type Viewer } from "@/components/comments/discussion-panel";
import { SampleMedia } from "@/components/results/samples/sample-media";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { isTyping } from "@/components/ui/keyboard";
import { BUCKET_INFO, samplesHref, type BucketName, type SamplesView } from "@/lib/compare-view/compare-url";
import { sideOf, similarity, wordDiff } from "@/lib/compare-view/word-diff";
import type { MediaRef } from "@/lib/services/results/resolve-media";
import { verdictOf, WordDiffText } from "./word-diff-view";

export type DiffSide = { response: string; score: number | null; correct: boolean | null };
export type DiffItem = { docId: number; target: string | null; input: string | null; media: MediaRef[]; base: DiffSide; other: DiffSide };

/** Who is looking, and where each run's discussion of a sample lives (comments belong to a run's sample). */
export type DiffDiscussion = { viewer: Viewer; serverNow: number; base: { runId: number; canComment: boolean }; other: { runId: number; canComment: boolean } };

type Props = {
  discussion: DiffDiscussion;
  view: SamplesView;
  bucket: BucketName;
  items: DiffItem[];
  nextCursor: number | null;
  baseLabel: string;
  otherLabel: string;
};

/** One bucket's samples, a page at a time; a sample opens in a side panel with both responses word-diffed. */
export function SampleDiffBrowser({ discussion, view, bucket, items, nextCursor, baseLabel, otherLabel }: Props) {
  const [openDoc, setOpenDoc] = useState<number | null>(view.doc !== null && items.some((i) => i.docId === view.doc) ? view.doc : null);
  const index = items.findIndex((i) => i.docId === openDoc);
  const open = useCallback(
    (docId: number | null) => {
      setOpenDoc(docId);
      // Shareable without a server round trip: Next syncs history.replaceState with its router.
      window.history.replaceState(null, "", samplesHref({ ...view, bucket, doc: docId }));
    },
    [view, bucket],
  );

  if (items.length === 0) {
    return (
      <p className="px-4 py-10 text-center text-sm text-zinc-500">
        No sample is {BUCKET_INFO[bucket].description}
        {view.cursor !== null ? " on this page" : ""}.
      </p>
    );
  }

  return (
    <>
      <div className="relative overflow-x-auto">
        <table className="w-full border-separate border-spacing-0 text-sm" data-testid="sample-diff-list">
          <thead>
            <tr className="text-left text-[11px] font-medium uppercase tracking-wide text-zinc-500">
              <th scope="col" className={cn(th, "w-20")}>
                Doc
              </th>
              <th scope="col" className={cn(th, "w-40")}>
                Target
              </th>
              <th scope="col" className={th}>
                Base <span className="normal-case tracking-normal text-zinc-400">{baseLabel}</span>
              </th>
              <th scope="col" className={th}>
                Other <span className="normal-case tracking-normal text-zinc-400">{otherLabel}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr
                key={item.docId}
                onClick={() => open(item.docId)}
                className={cn("cursor-pointer hover:bg-zinc-50 dark:hover:bg-zinc-800/50", item.docId === openDoc && "bg-accent-50 dark:bg-accent-600/10")}
                data-testid="sample-diff-row"
              >
                <td className={td}>
                  <button type="button" onClick={(e) => {
                      e.stopPropagation();
                      open(item.docId);
                    }} className="font-mono text-xs font-semibold text-accent-600 hover:underline dark:text-accent-500" aria-label={`Open sample ${item.docId}`}>
                    {item.docId}
                  </button>
                </td>
                <td className={cn(td, "max-w-40 truncate font-mono text-xs")} title={item.target ?? ""}>
                  {item.target ?? <span className="text-zinc-400">—</span>}
                </td>
                <td className={cn(td, "max-w-0")}>
                  <ResponsePreview side={item.base} />
                </td>
                <td className={cn(td, "max-w-0")}>
                  <ResponsePreview side={item.other} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex items-center justify-between gap-2 border-t border-zinc-200 px-4 py-2 text-xs dark:border-zinc-800">
        <span className="text-zinc-500 tabular-nums">
          {items.length} shown{view.cursor !== null ? ` after doc ${view.cursor}` : ""}
        </span>
        <div className="flex gap-2">
          {view.cursor !== null ? (
            <Link href={samplesHref({ ...view, bucket, cursor: null, doc: null })} className={buttonClasses("ghost", "sm")}>
              First page
            </Link>
          ) : null}
          {nextCursor !== null ? (
            <Link href={samplesHref({ ...view, bucket, cursor: nextCursor, doc: null })} className={buttonClasses("secondary", "sm")}>
              Next page <ChevronRight size={12} aria-hidden />
            </Link>
          ) : null}
        </div>
      </div>
      {index >= 0 ? (
        <SampleDrawer
          discussion={discussion}
          task={view.task ?? ""}
          item={items[index]}
          bucket={bucket}
          baseLabel={baseLabel}
          otherLabel={otherLabel}
          onClose={() => open(null)}
          onPrev={index > 0 ? () => open(items[index - 1].docId) : null}
          onNext={index < items.length - 1 ? () => open(items[index + 1].docId) : null}
        />
      ) : null}
    </>
  );
}

const th = "border-b border-zinc-200 px-3 py-2 dark:border-zinc-800";
const td = "border-b border-zinc-100 px-3 py-1.5 align-top dark:border-zinc-800";

function Verdict({ correct }: { correct: boolean | null }) {
  return correct === true ? (
    <Check size={13} aria-label="right" className="shrink-0 text-emerald-600 dark:text-emerald-400" />
  ) : correct === false ? (
    <X size={13} aria-label="wrong" className="shrink-0 text-red-600 dark:text-red-400" />
  ) : (
    <Circle size={10} aria-label="not scored right/wrong" className="shrink-0 text-zinc-400" />
  );
}

function ResponsePreview({ side }: { side: DiffSide }) {
  return (
    <div className="flex items-start gap-1.5">
      <span className="mt-0.5">
        <Verdict correct={side.correct} />
      </span>
      <span className="truncate font-mono text-xs" title={side.response}>
        {side.response || <span className="italic text-zinc-400">(empty)</span>}
      </span>
    </div>
  );
}

function CorrectBadge({ side }: { side: DiffSide }) {
  return (
    <span className="flex shrink-0 items-center gap-1.5 whitespace-nowrap">
      {side.correct === true ? <Badge tone="green">right</Badge> : side.correct === false ? <Badge tone="red">wrong</Badge> : <Badge tone="amber">not right/wrong</Badge>}
      {side.score !== null ? <span className="text-[11px] tabular-nums text-zinc-500">score {formatSampleScore(side.score)}</span> : null}
    </span>
  );
}

function Section({ title, subtitle, aside, children }: { title: string; subtitle?: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className="min-w-0">
      <div className="mb-1 flex items-baseline justify-between gap-2">
        <h3 className="min-w-0 truncate text-[11px] font-semibold uppercase tracking-wide text-zinc-500" title={subtitle}>
          {title}
          {subtitle ? <span className="ml-1.5 font-normal normal-case tracking-normal text-zinc-500">{subtitle}</span> : null}
        </h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

const textBox = "whitespace-pre-wrap break-words rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-[13px] leading-relaxed dark:border-zinc-800 dark:bg-zinc-950";

/** The sample's discussion in either run: one thread per run, since a comment belongs to one run's sample. */
function DrawerDiscussion({ discussion, task, docId, baseLabel, otherLabel }: { discussion: DiffDiscussion; task: string; docId: number; baseLabel: string; otherLabel: string }) {
  const [side, setSide] = useState<"base" | "other">("base");
  const target = discussion[side];
  return (
    <section aria-label="Discussion of this sample" className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
      <div role="radiogroup" aria-label="Discussion in" className="mb-3 inline-flex rounded-md border border-zinc-300 p-0.5 text-xs dark:border-zinc-700">
        {(["base", "other"] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={side === s}
            onClick={() => setSide(s)}
            className={cn("rounded px-2.5 py-1 font-medium", side === s ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800")}
          >
            {s === "base" ? `Base · ${baseLabel}` : `Other · ${otherLabel}`}
          </button>
        ))}
      </div>
      <DiscussionPanel
        key={`${target.runId}:${task}:${docId}`}
        scope={{ runId: target.runId, sample: { task, docId } }}
        initial={[]}
        viewer={discussion.viewer}
        canComment={target.canComment}
        serverNow={discussion.serverNow}
        withLabels
        title={`Discussion of doc ${docId} in run #${target.runId}`}
        emptyText="No comments on this sample in this run yet."
      />
    </section>
  );
}

function SampleDrawer({
  discussion,
  task,
  item,
  bucket,
  baseLabel,
  otherLabel,
  onClose,
  onPrev,
  onNext,
}: {
  discussion: DiffDiscussion;
  task: string;
  item: DiffItem;
  bucket: BucketName;
  baseLabel: string;
  otherLabel: string;
  onClose: () => void;
  onPrev: (() => void) | null;
  onNext: (() => void) | null;
}) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const diff = useMemo(() => wordDiff(item.base.response ?? "", item.other.response ?? ""), [item]);
  useEffect(() => {
    closeRef.current?.focus();
  }, [item.docId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      if (e.key === "Escape") onClose();
      else if ((e.key === "ArrowLeft" || e.key === "k") && onPrev) onPrev();
      else if ((e.key === "ArrowRight" || e.key === "j") && onNext) onNext();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose, onPrev, onNext]);
  const info = BUCKET_INFO[bucket];
  return (
    <div className="fixed inset-0 z-50 flex justify-end">
      <button type="button" aria-label="Close the sample" tabIndex={-1} onClick={onClose} className="absolute inset-0 bg-zinc-950/30 backdrop-blur-[1px]" />
      <aside role="dialog" aria-modal="true" aria-label={`Sample ${item.docId}`} className="relative flex h-full w-full max-w-5xl flex-col border-l border-zinc-200 bg-white shadow-2xl dark:border-zinc-800 dark:bg-zinc-900" data-testid="sample-drawer">
        <header className="flex items-center justify-between gap-3 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
          <div className="flex items-center gap-2">
            <h2 className="font-mono text-sm font-semibold tabular-nums">doc {item.docId}</h2>
            <Badge tone={info.tone === "neutral" ? "neutral" : info.tone}>{info.title.toLowerCase()}</Badge>
            <span className="text-xs text-zinc-500">similarity {(similarity(diff) * 100).toFixed(0)}%</span>
          </div>
          <div className="flex items-center gap-1">
            <Button variant="ghost" size="sm" onClick={onPrev ?? undefined} disabled={!onPrev} aria-label="Previous sample" aria-keyshortcuts="ArrowLeft">
              <ChevronLeft size={14} aria-hidden />
            </Button>
            <Button variant="ghost" size="sm" onClick={onNext ?? undefined} disabled={!onNext} aria-label="Next sample" aria-keyshortcuts="ArrowRight">
              <ChevronRight size={14} aria-hidden />
            </Button>
            <button ref={closeRef} type="button" onClick={onClose} aria-label="Close" className="ml-1 flex h-7 w-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-white">
              <X size={15} aria-hidden />
            </button>
          </div>
        </header>
        <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-5 py-4">
          <Section title="Input" aside={item.media.length ? <span className="text-[11px] text-zinc-500">{item.media.length} image(s)</span> : undefined}>
            {item.media.length ? (
              <div className="mb-2">
                <SampleMedia media={item.media} />
              </div>
            ) : null}
            {item.input ? <div className={cn(textBox, "max-h-64 overflow-y-auto")}>{item.input}</div> : <p className="text-sm italic text-zinc-400">No input text was logged.</p>}
          </Section>
          <Section title="Target">
            <div className={textBox} data-testid="sample-target">
              {item.target ?? <span className="italic text-zinc-400">(none)</span>}
            </div>
          </Section>
          <div className="grid gap-4 md:grid-cols-2">
            <Section title="Base" subtitle={baseLabel} aside={<CorrectBadge side={item.base} />}>
              <div className={textBox} data-testid="sample-base-response">
                <WordDiffText segments={sideOf(diff, "before")} side="before" verdict={verdictOf(item.base.correct)} />
              </div>
            </Section>
            <Section title="Other" subtitle={otherLabel} aside={<CorrectBadge side={item.other} />}>
              <div className={textBox} data-testid="sample-other-response">
                <WordDiffText segments={sideOf(diff, "after")} side="after" verdict={verdictOf(item.other.correct)} />
              </div>
            </Section>
          </div>
          <p className="text-[11px] text-zinc-500">
            Highlighted: the words in which the two answers differ, in the colour of each answer&apos;s verdict. ← → to step through this page, Esc to
            close.
          </p>
          <DrawerDiscussion discussion={discussion} task={task} docId={item.docId} baseLabel={baseLabel} otherLabel={otherLabel} />
        </div>
      </aside>
    </div>
  );
}
