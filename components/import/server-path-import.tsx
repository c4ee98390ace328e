"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { ImportStatus } from "./import-status";
import type { ModelChoice } from "./register-version-form";
import { useImportFlow } from "./use-import-flow";

/** Admins: import a folder that is already on the server, inside IMPORT_ROOTS (no upload). */
export function ServerPathImport({ importRoots, models }: { importRoots: string[]; models: ModelChoice[] }) {
  const [path, setPath] = useState("");
  const { phase, send, cancel, reset } = useImportFlow();
  const id = useId();
  const busy = phase.kind === "sending";
  const submit = (dryRun: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    if (path.trim()) send({ kind: "path", path: path.trim() }, dryRun);
  };
  const fresh = phase.kind === "previewed" ? phase.candidates.filter((c) => c.existingRunId === null).length : null;
  return (
    <div>
      <form className="space-y-2 p-4" onSubmit={submit(true)}>
        <label htmlFor={id} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
          Folder on the server
        </label>
        <Input
          id={id}
          value={path}
          onChange={(e) => {
            setPath(e.target.value);
            if (phase.kind !== "idle") reset();
          }}
          placeholder={importRoots[0] ? `${importRoots[0].replace(/\/$/, "")}/…` : "/data/lmms-eval-logs/…"}
          className="font-mono"
          spellCheck={false}
          autoComplete="off"
        />
        <p className="text-xs text-zinc-500">
          {importRoots.length ? (
            <>
              Allowed under <span className="font-mono">IMPORT_ROOTS</span>: {importRoots.map((r) => <code key={r} className="mr-1.5 font-mono">{r}</code>)}
            </>
          ) : (
            <>
              Disabled until <span className="font-mono">IMPORT_ROOTS</span> lists the folders imports may read (e.g.{" "}
              <span className="font-mono">IMPORT_ROOTS=/data/lmms-eval-logs</span>).
            </>
          )}
        </p>
        <div className="flex gap-2 pt-1">
          <Button type="submit" variant="secondary" disabled={busy || !path.trim()}>
            Preview
          </Button>
          <Button variant={fresh === 0 ? "secondary" : "primary"} disabled={busy || !path.trim()} onClick={() => submit(false)()}>
            {fresh === null ? "Import" : fresh === 0 ? "Import (nothing new)" : `Import ${fresh} run${fresh === 1 ? "" : "s"}`}
          </Button>
        </div>
      </form>
      <ImportStatus phase={phase} onCancel={cancel} models={models} />
    </div>
  );
}
