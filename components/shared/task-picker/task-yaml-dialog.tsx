"use client";

import { FileCode, LoaderCircle } from "lucide-react";
import { useEffect, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";

type YamlState =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ok"; yamlPath: string | null; yamlText: string | null };

/** One catalogue entry's YAML, in the kit's modal (focus trapped, Escape closes). */
export function TaskYamlDialog({ name, onClose }: { name: string | null; onClose: () => void }) {
  const [state, setState] = useState<YamlState>({ status: "loading" });

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
    <Dialog
      open={name !== null}
      onClose={onClose}
      size="xl"
      title={
        <span className="flex items-center gap-2 text-sm">
          <FileCode size={15} aria-hidden className="text-zinc-400" />
          <span className="font-mono">{name}</span>
        </span>
      }
      description={
        state.status === "ok" && state.yamlPath ? (
          <span className="block truncate font-mono" title={state.yamlPath}>
            {state.yamlPath}
          </span>
        ) : undefined
      }
      actions={state.status === "ok" && state.yamlText ? <CopyButton text={state.yamlText} label="Copy YAML" /> : null}
      bodyClassName="min-h-40 bg-zinc-50 dark:bg-zinc-950"
    >
      {state.status === "loading" ? (
        <p className="flex items-center gap-2 p-4 text-sm text-zinc-500">
          <LoaderCircle size={14} aria-hidden className="animate-spin" /> Loading…
        </p>
      ) : state.status === "error" ? (
        <p role="alert" className="p-4 text-sm text-red-700 dark:text-red-400">
          Could not load the YAML: {state.message}
        </p>
      ) : state.yamlText ? (
        <pre data-testid="task-yaml" className="overflow-x-auto p-4 font-mono text-xs leading-relaxed whitespace-pre">
          {state.yamlText}
        </pre>
      ) : (
        <p className="p-4 text-sm text-zinc-500">
          No YAML is stored for this entry (tags have none of their own, and a catalogue built from{" "}
          <code className="font-mono text-xs">lmms-eval tasks list</code> holds names only).
        </p>
      )}
    </Dialog>
  );
}
