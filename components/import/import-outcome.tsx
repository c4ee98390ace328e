"use client";

import { CircleCheck, ExternalLink, Plus } from "lucide-react";
import Link from "next/link";
import { useCallback, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format";
import type { ImportCandidate, ImportResult } from "./import-request";
import { RegisterVersionForm, type ModelChoice, type RegisteredVersion } from "./register-version-form";

const th = "border-b border-zinc-200 px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800";
const td = "border-b border-zinc-100 px-3 py-2 align-top dark:border-zinc-800/60";

/** What an import would create: one row per results file found. */
export function ImportPreview({ candidates }: { candidates: ImportCandidate[] }) {
  const fresh = candidates.filter((c) => c.existingRunId === null).length;
  return (
    <div data-testid="import-preview">
      <p className="px-4 py-2.5 text-sm" role="status">
        Found <strong className="tabular-nums">{candidates.length}</strong> run{candidates.length === 1 ? "" : "s"}
        {candidates.length !== fresh ? (
          <>
            {" "}
            — <span className="tabular-nums">{fresh}</span> new, <span className="tabular-nums">{candidates.length - fresh}</span> already imported
          </>
        ) : null}
        .
      </p>
      <div className="relative overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr>
              <th scope="col" className={th}>
                Results file
              </th>
              <th scope="col" className={th}>
                Model
              </th>
              <th scope="col" className={th}>
                Date
              </th>
              <th scope="col" className={th}>
                Tasks
              </th>
              <th scope="col" className={`${th} text-right`}>
                Samples files
              </th>
              <th scope="col" className={th}>
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {candidates.map((c) => (
              <tr key={c.resultsFile} data-testid="import-candidate">
                <td className={`${td} font-mono text-xs whitespace-nowrap`}>{c.resultsFile}</td>
                <td className={td}>
                  <div className="font-medium">{c.model}</div>
                  {c.modelArgs ? (
                    <div className="max-w-xs truncate font-mono text-[11px] text-zinc-500" title={c.modelArgs}>
                      {c.modelArgs}
                    </div>
                  ) : null}
                </td>
                <td className={`${td} whitespace-nowrap tabular-nums`} title="As written by lmms-eval (its --timezone)">
                  {c.date ? formatDateTime(c.date).replace(" UTC", "") : "—"}
                </td>
                <td className={td}>
                  <div className="flex flex-wrap gap-1">
                    {c.tasks.map((t) => (
                      <Badge key={t} className="font-mono">
                        {t}
                      </Badge>
                    ))}
                  </div>
                </td>
                <td className={`${td} text-right tabular-nums`}>
                  {c.samplesFiles === 0 ? <span className="text-amber-700 dark:text-amber-400" title="Without samples files only the metrics are imported">0</span> : c.samplesFiles}
                </td>
                <td className={td}>
                  {c.existingRunId !== null ? (
                    <span className="text-xs text-zinc-500">
                      already imported as{" "}
                      <Link href={`/runs/${c.existingRunId}`} className="font-mono text-accent-600 hover:underline dark:text-accent-500">
                        #{c.existingRunId}
                      </Link>
                    </span>
                  ) : (
                    <Badge tone="blue">new</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * After the import: every run it created or found already imported, with the model version it belongs to (same
 * backend and model args as a registered version), or "Register as new version" when none matched.
 */
export function ImportDone({ result, models: initialModels }: { result: ImportResult; models: ModelChoice[] }) {
  const [runs, setRuns] = useState(result.runs);
  const [models, setModels] = useState(initialModels);
  const [open, setOpen] = useState<number | null>(null);
  const registered = useCallback(({ runId, version }: { runId: number; version: RegisteredVersion }) => {
    setRuns((current) => current.map((r) => (r.id === runId ? { ...r, version, canRegister: false } : r)));
    // A model created here is offered to the other runs of this import too.
    setModels((current) => (current.some((m) => m.id === version.modelId) ? current : [...current, { id: version.modelId, name: version.modelName }].sort((a, b) => a.name.localeCompare(b.name))));
    setOpen(null);
  }, []);
  return (
    <div className="space-y-3 px-4 py-4" data-testid="import-done">
      <p role="status" className="flex items-center gap-2 text-sm font-medium text-emerald-800 dark:text-emerald-300">
        <CircleCheck size={16} aria-hidden />
        {result.created.length
          ? `Imported ${result.created.length} run${result.created.length === 1 ? "" : "s"}`
          : "Nothing new: these files were already imported"}
        {result.created.length && result.reused.length ? ` (${result.reused.length} already there)` : ""}.
      </p>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/60">
        {runs.map((run) => (
          <li key={run.id} className="py-2" data-testid="imported-run">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
              <Link href={`/runs/${run.id}`} className={buttonClasses(run.created ? "primary" : "secondary", "sm")} data-testid="imported-run-link">
                Run #{run.id} {run.created ? "" : "(existing)"}
                <ExternalLink size={12} aria-hidden />
              </Link>
              <span className="min-w-0 text-xs text-zinc-500">
                <span className="font-medium text-zinc-700 dark:text-zinc-300">{run.backend}</span>
                {run.modelArgs ? <span className="ml-1.5 break-all font-mono">{run.modelArgs}</span> : null}
              </span>
              <span className="ml-auto text-xs" data-testid="imported-run-version">
                {run.version ? (
                  <>
                    <span className="text-zinc-500">version </span>
                    <Link href={`/models/${run.version.modelId}`} className="font-medium text-accent-600 hover:underline dark:text-accent-500">
                      {run.version.modelName} · <span className="font-mono">{run.version.label}</span>
                    </Link>
                  </>
                ) : run.canRegister ? (
                  open === run.id ? null : (
                    <Button variant="secondary" size="sm" onClick={() => setOpen(run.id)}>
                      <Plus size={12} aria-hidden /> Register as new version
                    </Button>
                  )
                ) : (
                  <span className="text-zinc-500">no registered version matches</span>
                )}
              </span>
            </div>
            {open === run.id && !run.version ? <RegisterVersionForm run={run} models={models} onRegistered={registered} onCancel={() => setOpen(null)} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
