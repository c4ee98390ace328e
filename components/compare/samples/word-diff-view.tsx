import type { DiffSegment } from "@/lib/compare-view/word-diff";

/**
 * The words that differ take the colour of their answer's verdict — green for an answer scored right, red for one
 * scored wrong, amber when it was not scored right/wrong — the same colours as the verdict badges beside them. (Drawn
 * as "removed" red and "added" green, a right base answer would look wrong.) Nothing is struck through: both answers
 * are what a model said, not an edit.
 */
const TONE = {
  right: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  wrong: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  unscored: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
} as const;

export type Verdict = keyof typeof TONE;

export const verdictOf = (correct: boolean | null): Verdict => (correct === true ? "right" : correct === false ? "wrong" : "unscored");

/** One side of a word diff: the base's differing words as <del>, the other's as <ins>, coloured by `verdict`. */
export function WordDiffText({ segments, side, verdict }: { segments: DiffSegment[]; side: "before" | "after"; verdict: Verdict }) {
  if (segments.length === 0) return <span className="italic text-zinc-400">(empty)</span>;
  const Changed = side === "before" ? "del" : "ins";
  return (
    <>
      {segments.map((s, i) =>
        s.op === "equal" ? (
          <span key={i}>{s.text}</span>
        ) : (
          <Changed key={i} data-verdict={verdict} className={`rounded-[2px] no-underline ${TONE[verdict]}`}>
            {s.text}
          </Changed>
        ),
      )}
    </>
  );
}
