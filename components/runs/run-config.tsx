"use client";

import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Card, CardHeader } from "@/components/ui/card";
import type { StoredRunParams } from "@/db/schema";
import { useRunLive } from "./run-live";

const PARAM_LABELS: Record<keyof StoredRunParams, string> = {
  limit: "--limit",
  batchSize: "--batch_size",
  numFewshot: "--num_fewshot",
  genKwargs: "--gen_kwargs",
  seed: "--seed",
  device: "--device",
  includePath: "--include_path",
  applyChatTemplate: "--apply_chat_template",
  systemInstruction: "--system_instruction",
  useCache: "--use_cache",
  verbosity: "--verbosity",
};

function Row({ label, children, mono = true }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-3 border-b border-zinc-100 px-4 py-1.5 last:border-b-0 dark:border-zinc-800/60">
      <dt className="font-mono text-xs text-zinc-500">{label}</dt>
      <dd className={`min-w-0 text-xs break-words ${mono ? "font-mono" : ""}`}>{children}</dd>
    </div>
  );
}

/** The exact command (secrets already masked by the server), the chosen options, env var names and how it exited. */
export function RunConfig() {
  const { run } = useRunLive();
  const params = Object.entries(run.params).filter(([, v]) => v !== undefined && v !== null && v !== "") as Array<[keyof StoredRunParams, unknown]>;
  // An imported run never ran here: it has no command, exit or executor of ours, only what its results file recorded.
  const imported = run.source === "imported";
  return (
    <Card className="min-w-0">
      {imported ? (
        <CardHeader title="Configuration" description="As recorded in the imported results file; secret-looking values are masked." />
      ) : (
        <>
          <CardHeader title="Command" description="Secret-looking values are masked; the real values reach only lmms-eval." actions={run.commandPreview ? <CopyButton text={run.commandPreview} label="Copy command" /> : null} />
          <pre
            data-testid="run-command"
            className="max-h-40 overflow-auto border-b border-zinc-200 bg-zinc-50 px-4 py-3 font-mono text-xs leading-5 break-all whitespace-pre-wrap text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950/60 dark:text-zinc-200"
          >
            {run.commandPreview || "—"}
          </pre>
        </>
      )}
      <dl>
        <Row label="--model">{run.model}</Row>
        {run.modelArgs ? <Row label="--model_args">{run.modelArgs}</Row> : null}
        <Row label="--tasks">{run.tasks.join(",")}</Row>
        {params.map(([key, value]) => (
          <Row key={key} label={PARAM_LABELS[key] ?? key}>
            {String(value)}
          </Row>
        ))}
        {imported ? null : (
        <Row label="environment" mono={false}>
          {run.envNames.length ? (
            <span className="flex flex-wrap gap-1">
              {run.envNames.map((name) => (
                <span key={name} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] dark:bg-zinc-800" title="Value hidden">
                  {name}
                </span>
              ))}
            </span>
          ) : (
            <span className="text-zinc-400">none</span>
          )}
        </Row>
        )}
        {imported ? (
          <Row label="lmms-eval" mono={false}>
            {run.lmmsEvalVersion ?? <span className="text-zinc-400">not recorded</span>}
          </Row>
        ) : (
          <>
            <Row label="exit">
              {run.exitSignal ? `signal ${run.exitSignal}` : run.exitCode !== null ? `code ${run.exitCode}` : <span className="text-zinc-400">{run.finishedAt ? "—" : "not yet"}</span>}
            </Row>
            <Row label="executor" mono={false}>
              {run.executor}
              {run.gpuSlot ? ` · GPU ${run.gpuSlot}` : ""}
              {run.lmmsEvalVersion ? ` · lmms-eval ${run.lmmsEvalVersion}` : ""}
            </Row>
          </>
        )}
      </dl>
    </Card>
  );
}
