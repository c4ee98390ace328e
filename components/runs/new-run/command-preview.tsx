"use client";

import { LoaderCircle, SquareTerminal } from "lucide-react";
import { Fragment } from "react";
import { previewCommandAction, type CommandPreview } from "@/app/(app)/runs/new/actions";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { CopyButton } from "@/components/ui/copy-button";
import { useDebouncedPreview } from "@/components/ui/use-debounced-preview";
import type { RunInputPayload } from "./form-model";

const DEBOUNCE_MS = 300;

type PreviewResult = { key: string; command: string | null; problems: string[] };

/**
 * Asks the server for the command after typing pauses. The server builds it with createRun's own code, so the preview
 * is the stored command (only the run id is unknown yet). Answers to older inputs are dropped.
 */
export function useCommandPreview(input: RunInputPayload): { result: PreviewResult | null; stale: boolean } {
  return useDebouncedPreview(
    JSON.stringify(input),
    async (key) => {
      const formData = new FormData();
      formData.set("secretPayload", key);
      let answer: ActionState<CommandPreview>;
      try {
        answer = (await previewCommandAction(initialActionState, formData)) as ActionState<CommandPreview>;
      } catch {
        answer = { ok: false, message: "The preview could not be reached; is the server running?" };
      }
      return { command: answer.ok && answer.data ? answer.data.command : null, problems: answer.ok ? [] : uniqueMessages(answer) };
    },
    DEBOUNCE_MS,
  );
}

function uniqueMessages(state: ActionState): string[] {
  const messages = state.fields ? Object.values(state.fields).flat() : [];
  if (!messages.length && state.message) messages.push(state.message);
  return [...new Set(messages)];
}

const PLACEHOLDER = "<id>";

export function CommandPreviewPanel({ result, stale }: { result: PreviewResult | null; stale: boolean }) {
  const command = result?.command ?? null;
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
          <SquareTerminal size={13} aria-hidden /> Command
          {stale ? <LoaderCircle size={12} aria-label="Updating" className="animate-spin text-zinc-400" /> : null}
        </h3>
        <CopyButton text={command ?? ""} label="Copy command" disabled={!command} />
      </div>
      <div
        className={
          "relative rounded-md border border-zinc-800 bg-zinc-950 px-3 py-2.5 transition-opacity dark:border-zinc-700/60 dark:bg-black/60" +
          (stale && command ? " opacity-60" : "")
        }
      >
        {command ? (
          <pre data-testid="command-preview" className="font-mono text-[12px] leading-relaxed whitespace-pre-wrap text-zinc-100 [overflow-wrap:anywhere]">
            <span aria-hidden className="text-emerald-400 select-none">$ </span>
            {command.split(PLACEHOLDER).map((part, index) => (
              <Fragment key={index}>
                {index > 0 ? (
                  <mark title="The run's number, assigned when it is queued" className="rounded bg-amber-400/20 px-0.5 text-amber-300">
                    {PLACEHOLDER}
                  </mark>
                ) : null}
                {part}
              </Fragment>
            ))}
          </pre>
        ) : (
          <p data-testid="command-preview-empty" className="font-mono text-[12px] text-zinc-400">
            {result ? "# the command appears once the form is complete" : "# building the command…"}
          </p>
        )}
      </div>
      {result && !command && result.problems.length ? (
        <ul aria-label="What the command still needs" className="space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          {result.problems.slice(0, 6).map((problem) => (
            <li key={problem} className="flex gap-1.5">
              <span aria-hidden className="text-amber-500">•</span>
              {problem}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="text-xs text-zinc-500">
        Built by the server exactly as it will be stored; secrets show as <code className="font-mono">***</code>.{" "}
        <code className="font-mono">{PLACEHOLDER}</code> becomes the run&apos;s number.
      </p>
    </div>
  );
}
