"use client";

import { Check, ClipboardCopy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { copyText } from "@/components/ui/copy-text";

export type TableExports = { markdown: string; csv: string; latex: string };

const FORMATS = [
  { key: "markdown", label: "Markdown" },
  { key: "csv", label: "CSV" },
  { key: "latex", label: "LaTeX" },
] as const;

/** "Copy as Markdown / CSV / LaTeX" for the metrics table; the texts are built on the server. */
export function CopyTableButtons({ exports }: { exports: TableExports }) {
  const [copied, setCopied] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  return (
    <div className="flex items-center gap-1" role="group" aria-label="Copy the metrics table">
      <span className="mr-1 hidden text-xs text-zinc-500 sm:inline">Copy as</span>
      {FORMATS.map(({ key, label }) => (
        <Button
          key={key}
          variant="secondary"
          size="sm"
          aria-label={`Copy as ${label}`}
          title={`Copy the metrics table as ${label}`}
          onClick={async () => {
            const ok = await copyText(exports[key]);
            setFailed(!ok);
            if (ok) {
              setCopied(key);
              setTimeout(() => setCopied((c) => (c === key ? null : c)), 1500);
            }
          }}
        >
          {copied === key ? <Check size={12} aria-hidden className="text-emerald-600" /> : <ClipboardCopy size={12} aria-hidden />}
          {label}
        </Button>
      ))}
      <span aria-live="polite" className="sr-only">
        {copied ? `Copied as ${copied}` : failed ? "Copy failed" : ""}
      </span>
      {failed ? <span className="text-xs text-red-600">Copy failed</span> : null}
    </div>
  );
}
