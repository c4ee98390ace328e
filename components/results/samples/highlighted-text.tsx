import { highlightSegments } from "@/lib/results-view/highlight";

/** Text with search hits marked (<mark>), matching the server's prefix search. */
export function HighlightedText({ text, terms }: { text: string; terms: string[] }) {
  if (terms.length === 0) return <>{text}</>;
  return (
    <>
      {highlightSegments(text, terms).map((segment, i) =>
        segment.match ? (
          <mark key={i} className="rounded-[2px] bg-amber-200/80 px-px text-inherit dark:bg-amber-500/30">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
