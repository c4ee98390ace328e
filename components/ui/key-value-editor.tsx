"use client";

import { Plus, X } from "lucide-react";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/field";
import { MASK } from "@/lib/lmms-eval/command/preview";
import {
  isSecretKey,
  newRowId,
  rowProblems,
  switchMode,
  withRows,
  withText,
  type KeyValueField,
  type KeyValueMode,
} from "./key-value-rows";
import { SecretInput } from "./secret-input";

/**
 * A `k=v,k2=v2` editor with two synchronised views: rows (one key and value per line; credential-named keys are
 * masked) and the raw text lmms-eval receives. See key-value-rows.ts for the sync rules.
 */
export function KeyValueEditor({
  id,
  label,
  field,
  onChange,
  errors,
  hint,
  keySuggestions = [],
  rawPlaceholder,
  flagMasked = false,
}: {
  id: string;
  label: string;
  field: KeyValueField;
  onChange: (field: KeyValueField) => void;
  errors?: string[];
  hint?: ReactNode;
  keySuggestions?: string[];
  rawPlaceholder?: string;
  /** Re-run prefill: point at values that still hold the stored run's `***`. */
  flagMasked?: boolean;
}) {
  const [switchError, setSwitchError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const problems = field.mode === "rows" ? rowProblems(field.rows) : new Map<number, string>();
  const errorId = `${id}-error`;
  const hasError = Boolean(errors?.length);

  const setMode = (mode: KeyValueMode) => {
    const result = switchMode(field, mode);
    setSwitchError(result.error);
    if (!result.error) onChange(result.field);
  };

  const focusCell = (row: number, cell: "key" | "value") => {
    // After React has rendered the new row.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLInputElement>(`[data-row="${row}"][data-cell="${cell}"]`)?.focus());
  };

  const addRow = () => {
    onChange(withRows(field, [...field.rows, { id: newRowId(), key: "", value: "" }]));
    focusCell(field.rows.length, "key");
  };

  const onCellKeyDown = (event: KeyboardEvent<HTMLInputElement>, row: number, cell: "key" | "value") => {
    if (event.key !== "Enter") return;
    // Enter moves through the grid instead of launching the run from the middle of an argument.
    event.preventDefault();
    if (cell === "key") focusCell(row, "value");
    else if (row === field.rows.length - 1) addRow();
    else focusCell(row + 1, "key");
  };

  const datalistId = keySuggestions.length ? `${id}-keys` : undefined;

  return (
    <div className="space-y-1.5" data-field={id}>
      <div className="flex items-center justify-between gap-3">
        {field.mode === "raw" ? (
          <label htmlFor={id} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
            {label}
          </label>
        ) : (
          <span id={`${id}-label`} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
            {label}
          </span>
        )}
        <div role="group" aria-label={`${label} view`} className="inline-flex rounded-md border border-zinc-200 p-0.5 text-xs dark:border-zinc-700">
          {(["rows", "raw"] as const).map((mode) => (
            <button
              key={mode}
              type="button"
              aria-pressed={field.mode === mode}
              onClick={() => setMode(mode)}
              className={cn(
                "rounded px-2 py-0.5 font-medium transition-colors",
                field.mode === mode
                  ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100",
              )}
            >
              {mode === "rows" ? "Key / value" : "Raw"}
            </button>
          ))}
        </div>
      </div>

      {field.mode === "raw" ? (
        <textarea
          id={id}
          value={field.text}
          onChange={(e) => onChange(withText(field, e.target.value))}
          rows={2}
          spellCheck={false}
          placeholder={rawPlaceholder}
          aria-invalid={hasError || undefined}
          aria-describedby={errorId}
          className={cn(inputClasses, "min-h-16 resize-y font-mono text-[13px] leading-relaxed")}
        />
      ) : (
        <div ref={listRef} role="group" aria-labelledby={`${id}-label`} aria-describedby={errorId} className="space-y-1.5">
          {field.rows.length === 0 ? (
            <p className="rounded-md border border-dashed border-zinc-300 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-700">
              No arguments. {rawPlaceholder ? <span className="font-mono">e.g. {rawPlaceholder}</span> : null}
            </p>
          ) : null}
          {field.rows.map((row, index) => {
            const rowProblem = problems.get(index);
            const problem =
              rowProblem ?? (flagMasked && row.value.includes(MASK) ? "masked in the original run: type the real value again" : undefined);
            const name = row.key.trim() || `row ${index + 1}`;
            const problemId = `${id}-${row.id}-problem`;
            return (
              <div key={row.id}>
                <div className="grid grid-cols-[minmax(0,2fr)_auto_minmax(0,3fr)_auto] items-center gap-1.5">
                  <input
                    value={row.key}
                    onChange={(e) => onChange(withRows(field, field.rows.map((r) => (r.id === row.id ? { ...r, key: e.target.value } : r))))}
                    onKeyDown={(e) => onCellKeyDown(e, index, "key")}
                    data-row={index}
                    data-cell="key"
                    list={datalistId}
                    aria-label={`${label} key ${index + 1}`}
                    aria-invalid={rowProblem ? true : undefined}
                    aria-describedby={rowProblem ? problemId : undefined}
                    placeholder="key"
                    spellCheck={false}
                    autoComplete="off"
                    className={cn(inputClasses, "h-9 font-mono text-[13px]")}
                  />
                  <span aria-hidden className="font-mono text-zinc-400">
                    =
                  </span>
                  <SecretInput
                    value={row.value}
                    onChange={(e) => onChange(withRows(field, field.rows.map((r) => (r.id === row.id ? { ...r, value: e.target.value } : r))))}
                    onKeyDown={(e) => onCellKeyDown(e, index, "value")}
                    data-row={index}
                    data-cell="value"
                    aria-label={`${label} value of ${name}`}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? problemId : undefined}
                    label={`value of ${name}`}
                    masked={isSecretKey(row.key.trim())}
                    placeholder="value"
                  />
                  <Button
                    variant="ghost"
                    size="sm"
                    className="h-9 w-9 shrink-0 px-0"
                    aria-label={`Remove ${name} from ${label.toLowerCase()}`}
                    onClick={() => onChange(withRows(field, field.rows.filter((r) => r.id !== row.id)))}
                  >
                    <X size={14} aria-hidden />
                  </Button>
                </div>
                {problem ? (
                  <p id={problemId} className="mt-0.5 text-xs text-amber-700 dark:text-amber-400">
                    {problem}
                  </p>
                ) : null}
              </div>
            );
          })}
          <Button variant="ghost" size="sm" onClick={addRow} className="text-accent-600 dark:text-accent-500">
            <Plus size={13} aria-hidden /> Add argument
          </Button>
        </div>
      )}
      {datalistId ? (
        <datalist id={datalistId}>
          {keySuggestions.map((key) => (
            <option key={key} value={key} />
          ))}
        </datalist>
      ) : null}
      {switchError ? (
        <p role="alert" className="text-xs text-amber-700 dark:text-amber-400">
          {switchError}
        </p>
      ) : null}
      {hint && !hasError ? <p className="text-xs text-zinc-500">{hint}</p> : null}
      <p id={errorId} aria-live="polite" className="text-xs text-red-600 dark:text-red-400">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
