"use client";

import { FileCode, LoaderCircle, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

type YamlState =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ok"; yamlPath: string | null; yamlText: string | null };

/** A modal (native <dialog>: focus is trapped, Escape closes) showing one catalogue entry's YAML. */
export function TaskYamlDialog({ name, onClose }: { name: string | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<YamlState>({ status: "loading" });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (name && !dialog.open) dialog.showModal();
    if (!name && dialog.open) dialog.close();
  }, [name]);

  useEffect(() => {
    if (!name) return;
    const controller = new AbortController();
    setState({ status: "loading" });
    fetch(`/api/v1/tasks/${encodeURIComponent(name)}`, { signal: controller.signal })
      .then(async (response) => {
        const body = await response.json().catch(() => null);
        if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}`);
        setState({ status: "ok", yamlPath: body.yamlPath ?? null, yamlText: body.yamlText ?? null });
      })
      .catch((error: Error) => {
        if (error.name !== "AbortError") setState({ status: "error", message: error.message });
      });
    return () => controller.abort();
  }, [name]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
      aria-labelledby="task-yaml-title"
      className="m-auto w-[min(56rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {name ? (
        <div className="flex max-h-[80vh] flex-col">
          <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <div className="min-w-0">
              <h2 id="task-yaml-title" className="flex items-center gap-2 text-sm font-semibold">
                <FileCode size={15} aria-hidden className="text-zinc-400" />
                <span className="font-mono">{name}</span>
              </h2>
              {state.status === "ok" && state.yamlPath ? (
                <p className="mt-0.5 truncate font-mono text-xs text-zinc-500" title={state.yamlPath}>
                  {state.yamlPath}
                </p>
              ) : null}
            </div>
            <div className="flex shrink-0 items-center gap-2">
              {state.status === "ok" && state.yamlText ? <CopyButton text={state.yamlText} label="Copy YAML" /> : null}
              <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close" autoFocus>
                <X size={15} aria-hidden />
              </Button>
            </div>
          </div>
          <div className="min-h-40 overflow-auto bg-zinc-50 dark:bg-zinc-950">
            {state.status === "loading" ? (
              <p className="flex items-center gap-2 p-4 text-sm text-zinc-500">
                <LoaderCircle size={14} aria-hidden className="animate-spin" /> Loading…
              </p>
            ) : state.status === "error" ? (
              <p role="alert" className="p-4 text-sm text-red-700 dark:text-red-400">
                Could not load the YAML: {state.message}
              </p>
            ) : state.yamlText ? (
              <pre data-testid="task-yaml" className="p-4 font-mono text-xs leading-relaxed whitespace-pre">
                {state.yamlText}
              </pre>
            ) : (
              <p className="p-4 text-sm text-zinc-500">
                No YAML is stored for this entry (tags have none of their own, and a catalogue built from{" "}
                <code className="font-mono text-xs">lmms-eval tasks list</code> holds names only).
              </p>
            )}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
