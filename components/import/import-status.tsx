"use client";

import { CircleAlert, LoaderCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/results-view/import-files";
import { ImportDone, ImportPreview } from "./import-outcome";
import type { ModelChoice } from "./register-version-form";
import type { ImportPhase } from "./use-import-flow";

/** Progress, error, preview or result of the current import, announced to screen readers. */
export function ImportStatus({ phase, onCancel, models }: { phase: ImportPhase; onCancel: () => void; models: ModelChoice[] }) {
  if (phase.kind === "idle") return null;
  if (phase.kind === "sending") {
    const p = phase.progress;
    const uploading = p !== null && !p.done;
    const percent = p && p.total > 0 ? Math.min(100, Math.round((p.loaded / p.total) * 100)) : null;
    return (
      <div className="space-y-2 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800" aria-live="polite">
        <div className="flex items-center justify-between gap-3 text-sm">
          <span className="flex items-center gap-2">
            <LoaderCircle size={14} aria-hidden className="animate-spin text-accent-600" />
            {uploading
              ? `Uploading${percent !== null ? ` ${percent}%` : "…"}${p && p.total ? ` (${formatBytes(p.loaded)} of ${formatBytes(p.total)})` : ""}`
              : phase.dryRun
                ? "Reading the files on the server…"
                : "Importing: parsing results and samples…"}
          </span>
          {uploading ? (
            <Button variant="ghost" size="sm" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
        </div>
        {uploading ? (
          <div className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-label="Upload" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined}>
            <div className="h-full rounded-full bg-accent-600 transition-[width]" style={{ width: `${percent ?? 5}%` }} />
          </div>
        ) : null}
      </div>
    );
  }
  if (phase.kind === "error") {
    return (
      <div role="alert" className="flex gap-2.5 border-t border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200" data-testid="import-error">
        <CircleAlert size={16} aria-hidden className="mt-0.5 shrink-0" />
        <div>
          <p className="font-medium">{phase.dryRun ? "The preview failed" : "Nothing was imported"}</p>
          <p className="mt-0.5 break-words font-mono text-xs">{phase.message}</p>
        </div>
      </div>
    );
  }
  if (phase.kind === "previewed") {
    return (
      <div className="border-t border-zinc-200 dark:border-zinc-800">
        <ImportPreview candidates={phase.candidates} />
      </div>
    );
  }
  return (
    <div className="border-t border-zinc-200 dark:border-zinc-800">
      <ImportDone result={phase.result} models={models} />
    </div>
  );
}
