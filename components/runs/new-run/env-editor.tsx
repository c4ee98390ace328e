"use client";

import { KeyRound, Plus, X } from "lucide-react";
import { useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/field";
import { envNameProblem } from "@/lib/lmms-eval/command/run-params";
import { newRowId } from "@/components/ui/key-value-rows";
import { envErrorKey, type EnvRow } from "./form-model";
import { SecretInput } from "@/components/ui/secret-input";

/** Variables researchers set most often, with what they are for (lmms-eval reads them itself or through libraries). */
export const COMMON_ENV: Array<{ name: string; description: string }> = [
  { name: "OPENAI_API_KEY", description: "API key for the openai backend and for LLM-judge metrics" },
  { name: "OPENAI_API_BASE", description: "OpenAI-compatible endpoint, e.g. a local vLLM or SGLang server" },
  { name: "HF_TOKEN", description: "Hugging Face token for gated models and datasets" },
  { name: "HF_HOME", description: "Hugging Face cache folder (models and datasets)" },
];
const DESCRIPTIONS = new Map(COMMON_ENV.map((e) => [e.name, e.description]));

export function EnvEditor({
  rows,
  onChange,
  errorFor,
}: {
  rows: EnvRow[];
  onChange: (rows: EnvRow[], changedKey?: string) => void;
  errorFor: (key: string) => string[] | undefined;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const present = new Set(rows.map((r) => r.name.trim()));

  const focusRow = (rowId: string, cell: "name" | "value") =>
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLInputElement>(`[data-env-row="${rowId}"][data-cell="${cell}"]`)?.focus());

  const add = (name = "") => {
    const row: EnvRow = { id: newRowId("env"), name, value: "", reEnter: false };
    onChange([...rows, row]);
    focusRow(row.id, name ? "value" : "name");
  };
  const update = (row: EnvRow, patch: Partial<EnvRow>) =>
    onChange(
      rows.map((r) => (r.id === row.id ? { ...r, ...patch } : r)),
      envErrorKey(row),
    );

  return (
    <div className="space-y-3" data-field="env" ref={listRef}>
      {rows.length ? (
        <div className="space-y-2">
          <div className="hidden grid-cols-[minmax(0,2fr)_minmax(0,3fr)_2.25rem] gap-2 text-xs font-medium text-zinc-500 sm:grid">
            <span>Name</span>
            <span>Value</span>
          </div>
          {rows.map((row, index) => {
            const name = row.name.trim();
            // The server's own rule, checked as the name is typed (reserved names such as PATH included).
            const nameProblem = name ? envNameProblem(name) : null;
            const errors = errorFor(envErrorKey(row)) ?? (nameProblem ? [nameProblem] : undefined);
            const description = DESCRIPTIONS.get(name);
            const label = name || `variable ${index + 1}`;
            return (
              <div key={row.id} data-field={envErrorKey(row)}>
                <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_2.25rem] items-center gap-2">
                  <input
                    value={row.name}
                    onChange={(e) => update(row, { name: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        focusRow(row.id, "value");
                      }
                    }}
                    data-env-row={row.id}
                    data-cell="name"
                    list="env-name-suggestions"
                    aria-label={`Name of environment variable ${index + 1}`}
                    aria-invalid={errors?.length ? true : undefined}
                    aria-describedby={`env-${row.id}-error`}
                    placeholder="NAME"
                    spellCheck={false}
                    autoComplete="off"
                    className={cn(inputClasses, "h-9 font-mono text-[13px]")}
                  />
                  <SecretInput
                    value={row.value}
                    onChange={(e) => update(row, { value: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        if (index === rows.length - 1) add();
                      }
                    }}
                    data-env-row={row.id}
                    data-cell="value"
                    aria-label={`Value of ${label}`}
                    aria-invalid={errors?.length ? true : undefined}
                    aria-describedby={`env-${row.id}-error`}
                    label={`value of ${label}`}
                    placeholder={row.reEnter ? "re-enter the value" : "value"}
                  />
                  <Button variant="ghost" size="sm" className="h-9 w-9 px-0" aria-label={`Remove ${label}`} onClick={() => onChange(rows.filter((r) => r.id !== row.id))}>
                    <X size={14} aria-hidden />
                  </Button>
                </div>
                <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs">
                  {row.reEnter ? <Badge tone="amber">re-enter</Badge> : null}
                  {description && !errors?.length ? <span className="text-zinc-500">{description}</span> : null}
                  <span id={`env-${row.id}-error`} aria-live="polite" className="text-red-600 dark:text-red-400">
                    {errors?.join(" ")}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      ) : (
        <p className="text-sm text-zinc-500">
          None. Values are encrypted at rest, passed only to the lmms-eval process, and shown to nobody — not even you — after
          the run is queued.
        </p>
      )}
      <datalist id="env-name-suggestions">
        {COMMON_ENV.map((e) => (
          <option key={e.name} value={e.name}>
            {e.description}
          </option>
        ))}
      </datalist>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" size="sm" onClick={() => add()}>
          <Plus size={13} aria-hidden /> Add variable
        </Button>
        {COMMON_ENV.filter((e) => !present.has(e.name)).map((e) => (
          <button
            key={e.name}
            type="button"
            onClick={() => add(e.name)}
            title={e.description}
            className="inline-flex items-center gap-1 rounded-full border border-zinc-200 px-2 py-0.5 font-mono text-[11px] text-zinc-600 hover:border-accent-500 hover:text-accent-700 dark:border-zinc-700 dark:text-zinc-400 dark:hover:text-accent-100"
          >
            <KeyRound size={10} aria-hidden /> {e.name}
          </button>
        ))}
      </div>
    </div>
  );
}
