"use client";

import { CalendarClock, LoaderCircle } from "lucide-react";
import { previewScheduleAction } from "@/app/(app)/schedules/actions";
import { useDebouncedPreview } from "@/components/ui/use-debounced-preview";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { formatFireTime, hasSecondsField } from "@/lib/schedules-view/format";

const DEBOUNCE_MS = 350;

type Preview = { ok: true; description: string; next: Array<{ at: string; local: string }> } | { ok: false; fields: Record<string, string> };
export type PreviewResult = { key: string; preview: Preview | null; problem: string | null };

/**
 * Asks the server what a cron expression means in a zone, once typing pauses: the same code the worker schedules
 * with (node-cron + cron-parser), so the preview cannot disagree with what will happen. Older answers are dropped.
 */
export function useCronPreview(cron: string, timezone: string): { result: PreviewResult | null; stale: boolean } {
  return useDebouncedPreview(
    JSON.stringify([cron.trim(), timezone.trim()]),
    async (key) => {
      const [wantedCron, wantedZone] = JSON.parse(key) as [string, string];
      const formData = new FormData();
      formData.set("cron", wantedCron);
      formData.set("timezone", wantedZone);
      let answer: ActionState<Preview>;
      try {
        answer = (await previewScheduleAction(initialActionState, formData)) as ActionState<Preview>;
      } catch {
        answer = { ok: false, message: "The preview could not be reached; is the server running?" };
      }
      return { preview: answer.ok && answer.data ? answer.data : null, problem: answer.ok ? null : (answer.message ?? "The preview failed") };
    },
    DEBOUNCE_MS,
  );
}

/** Field errors of the preview, for the cron and time zone fields. */
export function previewFieldErrors(result: PreviewResult | null): { cron?: string[]; timezone?: string[] } {
  if (!result?.preview || result.preview.ok) return {};
  const { cron, timezone } = result.preview.fields;
  return { ...(cron ? { cron: [cron] } : {}), ...(timezone ? { timezone: [timezone] } : {}) };
}

export function CronPreviewPanel({ result, stale }: { result: PreviewResult | null; stale: boolean }) {
  const preview = result?.preview;
  // Format with the expression and zone this answer is for (typing may already have moved on).
  const [cron, timezone] = result ? (JSON.parse(result.key) as [string, string]) : ["", "UTC"];
  const withSeconds = hasSecondsField(cron);
  return (
    <div className="rounded-md border border-zinc-200 bg-zinc-50 px-4 py-3 dark:border-zinc-800 dark:bg-zinc-950/40" aria-live="polite" data-testid="cron-preview">
      <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
        <CalendarClock size={13} aria-hidden /> When it runs
        {stale ? <LoaderCircle size={12} aria-label="Updating" className="animate-spin text-zinc-400" /> : null}
      </h3>
      {!result ? (
        <p className="mt-2 text-sm text-zinc-500">Checking the expression…</p>
      ) : result.problem ? (
        <p className="mt-2 text-sm text-red-700 dark:text-red-300">{result.problem}</p>
      ) : preview && preview.ok ? (
        <>
          <p className="mt-2 text-sm font-medium" data-testid="cron-description">
            {preview.description}
          </p>
          <p className="mt-3 text-xs text-zinc-500">Next 5 fire times, in the schedule&apos;s zone:</p>
          <ol className="mt-1 space-y-0.5 font-mono text-[13px] tabular-nums" aria-label="Next fire times" data-testid="next-fire-times">
            {preview.next.map((n) => (
              <li key={n.at} title={n.at}>
                {withSeconds ? formatFireTime(n.at, timezone, true) : n.local}
              </li>
            ))}
          </ol>
        </>
      ) : preview && !preview.ok ? (
        <p className="mt-2 text-sm text-red-700 dark:text-red-300">Fix the cron expression or the time zone to see when it runs.</p>
      ) : null}
    </div>
  );
}
