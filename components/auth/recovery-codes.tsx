"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/** Recovery codes, shown once: the person copies or writes them down, then says so. */
export function RecoveryCodes({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel: string }) {
  const listRef = useRef<HTMLUListElement>(null);
  return (
    <div className="space-y-3" role="status">
      <p className="text-sm font-medium text-emerald-900 dark:text-emerald-200">
        Two-factor authentication is on. Save these recovery codes somewhere safe — they are shown only now.
      </p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Each code signs you in once if you lose your phone.</p>
      <ul ref={listRef} data-testid="recovery-codes" className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-900">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={codes.join("\n")} label="Copy codes" fallbackTarget={listRef} />
        <Button size="sm" onClick={onDone}>
          {doneLabel}
        </Button>
      </div>
    </div>
  );
}
