"use client";

import { FileArchive, FileJson, FolderOpen, Upload, X } from "lucide-react";
import { useId, useMemo, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatBytes, selectImportFiles } from "@/lib/results-view/import-files";
import { fromDataTransfer, fromFileList, type PickedUpload } from "./collect-files";
import { ImportStatus } from "./import-status";
import type { ModelChoice } from "./register-version-form";
import { useImportFlow } from "./use-import-flow";

// React has no typed prop for folder picking; the attribute is what every browser reads.
const FOLDER_PICKER = { webkitdirectory: "", directory: "" } as Record<string, string>;

const pickerButton =
  "inline-flex h-8 cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 text-xs font-medium text-zinc-800 hover:bg-zinc-100 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-accent-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";

/** Upload lmms-eval output from this computer: files, a whole folder (picked or dropped) or an archive. */
export function UploadImport({ models }: { models: ModelChoice[] }) {
  const [picked, setPicked] = useState<PickedUpload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [showFiles, setShowFiles] = useState(false);
  const { phase, send, cancel, reset } = useImportFlow();
  const filesId = useId();
  const folderId = useId();
  const selection = useMemo(() => selectImportFiles(picked), [picked]);
  const busy = phase.kind === "sending";

  const add = (files: PickedUpload[]) => {
    if (files.length === 0) return;
    reset();
    setPicked((current) => [...current, ...files]);
  };
  const clear = () => {
    reset();
    setPicked([]);
  };
  const onDrop = async (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (!busy) add(await fromDataTransfer(e.dataTransfer));
  };
  const source = { kind: "files" as const, files: selection.accepted.map(({ file, name }) => ({ file, name })) };
  const fresh = phase.kind === "previewed" ? phase.candidates.filter((c) => c.existingRunId === null).length : null;

  return (
    <div data-testid="upload-import">
      <div className="p-4">
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-dropzone"
          className={cn(
            "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors",
            dragging ? "border-accent-500 bg-accent-50 dark:bg-accent-500/10" : "border-zinc-300 dark:border-zinc-700",
          )}
        >
          <Upload size={22} aria-hidden className="text-zinc-400" />
          <div>
            <p className="text-sm font-medium">Drop an lmms-eval output folder here</p>
            <p className="mt-1 text-xs text-zinc-500">
              or its <span className="font-mono">*_results.json</span> with the <span className="font-mono">*_samples_&lt;task&gt;.jsonl</span> files, or a{" "}
              <span className="font-mono">.zip</span> / <span className="font-mono">.tar.gz</span> of the logs folder
            </p>
          </div>
          <div className="flex flex-wrap justify-center gap-2">
            <label htmlFor={folderId} className={pickerButton}>
              <FolderOpen size={13} aria-hidden /> Choose folder
              <input
                id={folderId}
                type="file"
                multiple
                {...FOLDER_PICKER}
                disabled={busy}
                className="sr-only"
                onChange={(e) => {
                  add(fromFileList(e.target.files));
                  e.target.value = "";
                }}
              />
            </label>
            <label htmlFor={filesId} className={pickerButton}>
              <FileJson size={13} aria-hidden /> Choose files
              <input
                id={filesId}
                type="file"
                multiple
                accept=".json,.jsonl,.zip,.gz,.tgz,application/json,application/zip,application/gzip"
                disabled={busy}
                className="sr-only"
                onChange={(e) => {
                  add(fromFileList(e.target.files));
                  e.target.value = "";
                }}
              />
            </label>
          </div>
        </div>

        {picked.length ? (
          <div className="mt-3 space-y-2 text-sm" data-testid="import-selection">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p>
                <span className="font-medium tabular-nums">{selection.accepted.length}</span> file{selection.accepted.length === 1 ? "" : "s"} to upload ·{" "}
                <span className="tabular-nums">{formatBytes(selection.totalBytes)}</span>
                {selection.accepted.length ? (
                  <button type="button" className="ml-2 text-xs text-accent-600 hover:underline dark:text-accent-500" onClick={() => setShowFiles((v) => !v)} aria-expanded={showFiles}>
                    {showFiles ? "hide list" : "show list"}
                  </button>
                ) : null}
              </p>
              <Button variant="ghost" size="sm" onClick={clear} disabled={busy}>
                <X size={12} aria-hidden /> Clear
              </Button>
            </div>
            {showFiles ? (
              <ul className="max-h-48 overflow-auto rounded-md border border-zinc-200 py-1 font-mono text-xs dark:border-zinc-800">
                {selection.accepted.map((f) => (
                  <li key={f.path} className="flex items-center justify-between gap-3 px-3 py-0.5">
                    <span className="flex min-w-0 items-center gap-1.5">
                      {/\.(zip|gz|tgz)$/i.test(f.name) ? <FileArchive size={12} aria-hidden className="shrink-0 text-zinc-400" /> : <FileJson size={12} aria-hidden className="shrink-0 text-zinc-400" />}
                      <span className="truncate">{f.path}</span>
                    </span>
                    <span className="shrink-0 text-zinc-500 tabular-nums">{formatBytes(f.size)}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {selection.ignored.length ? (
              <p className="text-xs text-zinc-500">
                Skipping {selection.ignored.length} other file{selection.ignored.length === 1 ? "" : "s"} (
                {selection.ignored
                  .slice(0, 3)
                  .map((f) => f.name)
                  .join(", ")}
                {selection.ignored.length > 3 ? ", …" : ""}): only results JSON, samples JSONL and archives are imported.
              </p>
            ) : null}
            {selection.duplicateNames.length ? (
              <p className="text-xs text-amber-700 dark:text-amber-400" role="status">
                Several files are named {selection.duplicateNames.slice(0, 2).join(", ")}
                {selection.duplicateNames.length > 2 ? ", …" : ""}; uploads are stored by file name, so only one of each is kept. Upload the folder as a .zip or
                .tar.gz to keep them apart.
              </p>
            ) : null}
            {selection.accepted.length && !selection.hasResultsFile ? (
              <p className="text-xs text-amber-700 dark:text-amber-400" role="status">
                No <span className="font-mono">*_results.json</span> among the files: samples are imported with the results file of the same run.
              </p>
            ) : null}
          </div>
        ) : null}

        <div className="mt-4 flex flex-wrap items-center gap-2">
          <Button variant="secondary" disabled={busy || selection.accepted.length === 0} onClick={() => send(source, true)}>
            Preview
          </Button>
          <Button variant={fresh === 0 ? "secondary" : "primary"} disabled={busy || selection.accepted.length === 0} onClick={() => send(source, false)}>
            {fresh === null ? "Import" : fresh === 0 ? "Import (nothing new)" : `Import ${fresh} run${fresh === 1 ? "" : "s"}`}
          </Button>
          <span className="text-xs text-zinc-500">Preview reads the files without storing anything.</span>
        </div>
      </div>
      <ImportStatus phase={phase} onCancel={cancel} models={models} />
    </div>
  );
}
