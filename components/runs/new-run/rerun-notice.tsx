import { History, TriangleAlert } from "lucide-react";
import type { RerunSource } from "./form-model";

const code = (text: string) => (
  <code key={text} className="rounded bg-amber-100 px-1 font-mono text-[12px] dark:bg-amber-900/50">
    {text}
  </code>
);

function joinCodes(names: string[]) {
  return names.flatMap((name, i) => (i === 0 ? [code(name)] : [i === names.length - 1 ? " and " : ", ", code(name)]));
}

/**
 * Why some fields are empty on a re-run: secrets never travel back to a browser (the stored run keeps environment
 * values sealed and shows model-args secrets as ***), so they are typed again rather than re-sent blind.
 */
export function RerunNotice({ source }: { source: RerunSource }) {
  const masked = [...source.maskedModelArgKeys, ...source.maskedGenKwargKeys];
  const needsInput = masked.length > 0 || source.envNames.length > 0;
  return (
    <div
      role="note"
      className={
        needsInput
          ? "mb-6 flex gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950/30 dark:text-amber-100"
          : "mb-6 flex gap-3 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
      }
    >
      {needsInput ? <TriangleAlert size={16} aria-hidden className="mt-0.5 shrink-0 text-amber-600" /> : <History size={16} aria-hidden className="mt-0.5 shrink-0 text-zinc-400" />}
      <div className="space-y-1">
        <p className="font-medium">Pre-filled from run #{source.runId}. The new run is recorded as its re-run.</p>
        {needsInput ? (
          <p>
            Secret values are never sent back to the browser, so re-enter them before running:{" "}
            {masked.length ? <>the {joinCodes(masked)} value{masked.length > 1 ? "s" : ""} (shown as <code className="font-mono">***</code>)</> : null}
            {masked.length && source.envNames.length ? " and " : null}
            {source.envNames.length ? <>the environment variable{source.envNames.length > 1 ? "s" : ""} {joinCodes(source.envNames)}</> : null}. Remove a
            row if the new run should not have it.
          </p>
        ) : (
          <p className="text-zinc-600 dark:text-zinc-400">Every field is as it was; change what you need and run.</p>
        )}
      </div>
    </div>
  );
}
