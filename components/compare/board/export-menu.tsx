"use client";

import { Check, ClipboardCopy, Download } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { copyText } from "@/components/ui/copy-text";
import { EXPORT_FILES, exportBoard, type BoardExport, type ExportFormat } from "@/lib/compare-view/export";
import { useDismiss } from "@/components/ui/use-dismiss";

function download(name: string, text: string, mime: string) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Export exactly the view on screen (chosen columns, filtered and sorted rows, baseline deltas). */
export function ExportMenu({ board }: { board: BoardExport }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<ExportFormat | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(open, ref, () => setOpen(false));

  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <div className="relative" ref={ref}>
      <Button variant="secondary" size="sm" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((v) => !v)} disabled={board.rows.length === 0}>
        <Download size={13} aria-hidden /> Export
      </Button>
      {open ? (
        <div role="menu" aria-label="Export the board" className="absolute right-0 top-full z-40 mt-1 w-60 rounded-lg border border-zinc-200 bg-white p-1 shadow-xl dark:border-zinc-700 dark:bg-zinc-900">
          {(Object.keys(EXPORT_FILES) as ExportFormat[]).map((format) => {
            const file = EXPORT_FILES[format];
            return (
              <div key={format} className="flex items-center gap-1 rounded px-1 py-0.5">
                <button
                  type="button"
                  role="menuitem"
                  className="flex flex-1 items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                  onClick={() => {
                    download(`board-${stamp}.${file.extension}`, exportBoard(board, format), file.mime);
                    setOpen(false);
                  }}
                >
                  <Download size={13} aria-hidden className="text-zinc-400" /> {file.label} <span className="text-xs text-zinc-400">.{file.extension}</span>
                </button>
                <button
                  type="button"
                  role="menuitem"
                  aria-label={`Copy as ${file.label}`}
                  title={`Copy as ${file.label}`}
                  className="flex h-7 w-7 items-center justify-center rounded text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-white"
                  onClick={async () => {
                    if (await copyText(exportBoard(board, format))) {
                      setCopied(format);
                      setTimeout(() => setCopied(null), 1500);
                    }
                  }}
                >
                  {copied === format ? <Check size={13} aria-hidden className="text-emerald-600" /> : <ClipboardCopy size={13} aria-hidden />}
                </button>
              </div>
            );
          })}
          <p className="border-t border-zinc-100 px-2 pb-1 pt-1.5 text-[11px] text-zinc-500 dark:border-zinc-800">The current view: these rows, benchmarks and baseline.</p>
        </div>
      ) : null}
    </div>
  );
}
