import { cn } from "@/components/ui/cn";
import type { DiffSegment } from "@/lib/compare-view/word-diff";

/** One side of a word diff: removed words struck through in red (base), added words in green (other). */
export function WordDiffText({ segments, side }: { segments: DiffSegment[]; side: "before" | "after" }) {
  if (segments.length === 0) return <span className="italic text-zinc-400">(empty)</span>;
  return (
    <>
      {segments.map((s, i) =>
        s.op === "equal" ? (
          <span key={i}>{s.text}</span>
        ) : side === "before" ? (
          <del key={i} className={cn("rounded-[2px] bg-red-100 text-red-900 decoration-red-400/70 dark:bg-red-950/60 dark:text-red-200")}>
            {s.text}
          </del>
        ) : (
          <ins key={i} className="rounded-[2px] bg-emerald-100 text-emerald-900 no-underline dark:bg-emerald-950/60 dark:text-emerald-200">
            {s.text}
          </ins>
        ),
      )}
    </>
  );
}
