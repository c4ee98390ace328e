"use client";

import { ArrowDown, ArrowUp, ChevronsDown, ChevronsUp, RotateCcw, X } from "lucide-react";
import Link from "next/link";
import { useActionState } from "react";
import { cancelRunAction, moveRunAction } from "@/app/(app)/runs/actions";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/dialog";
import { cn } from "@/components/ui/cn";
import { FormMessage } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import type { RunDto } from "@/lib/services/runs/run-dto";

/**
 * Cancel, with a confirmation that says what happens: a queued run simply leaves the queue, a running one is
 * interrupted (SIGINT, then harder) and ends as `cancelled` once the worker has stopped it.
 */
export function CancelRunButton({ run, compact = false }: { run: Pick<RunDto, "id" | "status" | "cancelRequested">; compact?: boolean }) {
  const [state, formAction, pending] = useActionState(cancelRunAction, initialActionState);
  const requested = run.cancelRequested || (state.ok && run.status === "running");
  const running = run.status === "running";
  const question = running ? `Stop run #${run.id}?` : `Remove run #${run.id} from the queue?`;
  const detail = running ? "lmms-eval is interrupted and its partial output is not kept." : "It has not started; nothing is lost.";
  const confirmLabel = running ? "Stop the run" : "Remove from queue";
  return (
    <form action={formAction} className={compact ? "inline-flex flex-col items-end" : "inline-flex flex-col items-end gap-1"}>
      <input type="hidden" name="runId" value={run.id} />
      {compact ? (
        <ConfirmButton
          question={question}
          detail={detail}
          confirmLabel={confirmLabel}
          variant="ghost"
          size="sm"
          disabled={pending || requested}
          aria-label={`Cancel run #${run.id}`}
          title={`Cancel run #${run.id}`}
          className="w-7 px-0 text-zinc-600 hover:text-red-600 dark:text-zinc-400 dark:hover:text-red-400"
        >
          <X size={15} aria-hidden />
        </ConfirmButton>
      ) : (
        <ConfirmButton question={question} detail={detail} confirmLabel={confirmLabel} variant="danger" size="md" disabled={pending || requested}>
          <X size={14} aria-hidden />
          {requested ? "Cancelling…" : pending ? "Cancelling…" : "Cancel run"}
        </ConfirmButton>
      )}
      {!state.ok ? <FormMessage state={state} inline className="block max-w-56 text-right" /> : null}
    </form>
  );
}

const MOVES = {
  top: { Icon: ChevronsUp, label: "to the front of the queue" },
  up: { Icon: ArrowUp, label: "up" },
  down: { Icon: ArrowDown, label: "down" },
  bottom: { Icon: ChevronsDown, label: "to the back of the queue" },
} as const;

export type MoveDirection = keyof typeof MOVES;

/** Queue reordering as real submit buttons (keyboard and screen-reader friendly); the ends of the queue disable theirs. */
export function MoveRunButtons({
  runId,
  position,
  queueLength,
  directions = ["up", "down"],
}: {
  runId: number;
  position: number | null;
  queueLength: number | null;
  directions?: MoveDirection[];
}) {
  const [state, formAction, pending] = useActionState(moveRunAction, initialActionState);
  const atFront = position === 1;
  const atBack = position !== null && queueLength !== null && position >= queueLength;
  return (
    <form action={formAction} className="inline-flex flex-col items-end">
      <input type="hidden" name="runId" value={runId} />
      <span className="inline-flex items-center">
        {directions.map((direction) => {
          const { Icon, label } = MOVES[direction];
          const disabled = pending || ((direction === "top" || direction === "up") && atFront) || ((direction === "down" || direction === "bottom") && atBack);
          return (
            <Button
              key={direction}
              type="submit"
              name="direction"
              value={direction}
              variant="ghost"
              size="sm"
              disabled={disabled}
              aria-label={`Move run #${runId} ${label}`}
              title={`Move ${label}`}
              className="w-7 px-0 text-zinc-600 dark:text-zinc-400"
            >
              <Icon size={15} aria-hidden />
            </Button>
          );
        })}
      </span>
      {!state.ok ? <FormMessage state={state} inline className="block max-w-56 text-right" /> : null}
    </form>
  );
}

/** Re-run opens the launch form pre-filled from this run (the form lives at /runs/new). */
export function RerunLink({ runId, primary = false, className }: { runId: number; primary?: boolean; className?: string }) {
  return (
    <Link href={`/runs/new?from=${runId}`} className={cn(buttonClasses(primary ? "primary" : "secondary"), className)}>
      <RotateCcw size={14} aria-hidden /> Re-run
    </Link>
  );
}
