"use client";

import { Pencil, Play, Trash2 } from "lucide-react";
import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
import { deleteScheduleAction, runScheduleNowAction, setScheduleEnabledAction } from "@/app/(app)/schedules/actions";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/dialog";
import { cn } from "@/components/ui/cn";
import { FormMessage } from "@/components/ui/field";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type RunNowState = ActionState<{ scheduleId: number; outcome: string; message: string | null; runIds: number[]; batchId: number | null }>;

/** Pause / resume, as a switch that submits at once (optimistic: it flips now, and back if the server refuses). */
export function EnabledSwitch({ scheduleId, name, enabled, disabled }: { scheduleId: number; name: string; enabled: boolean; disabled?: boolean }) {
  const [state, action, pending] = useActionState(setScheduleEnabledAction, initialActionState);
  const [shown, setShown] = useState(enabled);
  useEffect(() => setShown(enabled), [enabled]);
  useEffect(() => {
    if (!state.ok && state.message) setShown(enabled);
  }, [state, enabled]);
  return (
    <form action={action} onSubmit={() => setShown(!shown)} className="inline-flex flex-col items-start gap-1">
      <input type="hidden" name="scheduleId" value={scheduleId} />
      <input type="hidden" name="enabled" value={shown ? "false" : "true"} />
      <button
        type="submit"
        role="switch"
        aria-checked={shown}
        aria-label={`Enabled: ${name}`}
        disabled={disabled || pending}
        title={shown ? "Enabled — click to pause" : "Paused — click to resume"}
        className={cn(
          "relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed disabled:opacity-60",
          shown ? "bg-accent-600" : "bg-zinc-300 dark:bg-zinc-700",
        )}
      >
        <span aria-hidden className={cn("inline-block h-4 w-4 rounded-full bg-white shadow transition-transform", shown ? "translate-x-4.5" : "translate-x-0.5")} />
      </button>
      {!state.ok ? <FormMessage state={state} inline /> : null}
    </form>
  );
}

export function RunNowButton({ scheduleId, name, size = "sm" }: { scheduleId: number; name: string; size?: "sm" | "md" }) {
  const [state, action, pending] = useActionState(
    runScheduleNowAction as (s: RunNowState, f: FormData) => Promise<RunNowState>,
    initialActionState as RunNowState,
  );
  const data = state.ok ? state.data : undefined;
  return (
    <form action={action} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="scheduleId" value={scheduleId} />
      <Button type="submit" variant="secondary" size={size} disabled={pending} aria-label={`Run ${name} now`}>
        <Play size={13} aria-hidden /> {pending ? "Starting…" : "Run now"}
      </Button>
      <span aria-live="polite" className="text-xs">
        {data ? (
          <span className={data.outcome === "failed" ? "text-red-600 dark:text-red-400" : data.outcome === "skipped" ? "text-amber-700 dark:text-amber-400" : "text-emerald-700 dark:text-emerald-400"}>
            {data.outcome === "started" ? (
              data.batchId !== null ? (
                <Link href={`/batches/${data.batchId}`} className="underline underline-offset-2">
                  Batch {data.batchId} started
                </Link>
              ) : (
                `Started ${data.runIds.map((id) => `#${id}`).join(", ")}`
              )
            ) : (
              `${data.outcome}: ${data.message ?? ""}`
            )}
          </span>
        ) : !state.ok ? (
          <FormMessage state={state}inline />
        ) : null}
      </span>
    </form>
  );
}

export function DeleteScheduleButton({ scheduleId, name, back = false, size = "sm" }: { scheduleId: number; name: string; back?: boolean; size?: "sm" | "md" }) {
  const [state, action, pending] = useActionState(deleteScheduleAction, initialActionState);
  return (
    <form action={action} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="scheduleId" value={scheduleId} />
      {back ? <input type="hidden" name="back" value="1" /> : null}
      <ConfirmButton
        question={`Delete the schedule “${name}”?`}
        detail="It stops firing; its firing history and runs are kept."
        confirmLabel="Delete schedule"
        variant="ghost"
        size={size}
        disabled={pending}
        aria-label={`Delete ${name}`}
        className="text-red-700 dark:text-red-400"
      >
        <Trash2 size={13} aria-hidden /> Delete
      </ConfirmButton>
      {!state.ok ? <FormMessage state={state} inline /> : null}
    </form>
  );
}

export function EditScheduleLink({ scheduleId, name, size = "sm" }: { scheduleId: number; name: string; size?: "sm" | "md" }) {
  return (
    <Link href={`/schedules/${scheduleId}/edit`} className={buttonClasses("ghost", size)} aria-label={`Edit ${name}`}>
      <Pencil size={13} aria-hidden /> Edit
    </Link>
  );
}
