"use client";

import { Field, Input } from "@/components/ui/field";
import type { ParamFields, ParamKey } from "@/lib/schedules-view/params";

const FIELDS: Array<{ key: ParamKey; label: string; placeholder: string; hint: string }> = [
  { key: "limit", label: "Limit", placeholder: "all samples", hint: "--limit: samples per task (e.g. 100) or a fraction (0.1)." },
  { key: "batchSize", label: "Batch size", placeholder: "1", hint: "--batch_size: a number, auto or auto:N." },
  { key: "numFewshot", label: "Few-shot examples", placeholder: "task default", hint: "--num_fewshot." },
  { key: "seed", label: "Seed", placeholder: "lmms-eval default", hint: "--seed: one number, or four separated by commas." },
];

/** The few lmms-eval parameters scheduled and batched runs offer; everything else comes from the model version. */
export function RunParamsFields({
  idPrefix,
  fields,
  onChange,
  errors,
}: {
  idPrefix: string;
  fields: ParamFields;
  onChange: (key: ParamKey, value: string) => void;
  errors: Partial<Record<ParamKey, string[]>>;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {FIELDS.map(({ key, label, placeholder, hint }) => {
        const id = `${idPrefix}-${key}`;
        return (
          <div key={key} data-field={key}>
            <Field label={label} name={id} errors={errors[key]} hint={hint}>
              <Input
                id={id}
                value={fields[key]}
                onChange={(e) => onChange(key, e.target.value)}
                placeholder={placeholder}
                inputMode={key === "limit" || key === "numFewshot" ? "decimal" : undefined}
                autoComplete="off"
                aria-invalid={errors[key]?.length ? true : undefined}
                aria-describedby={`${id}-error`}
                className="font-mono text-[13px]"
              />
            </Field>
          </div>
        );
      })}
    </div>
  );
}
