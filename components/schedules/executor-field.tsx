"use client";

import type { Executor } from "@/db/schema";
import { Field, Select } from "@/components/ui/field";
import { EXECUTOR_LABELS, EXECUTOR_WORDS } from "@/lib/runs-view/executor";
import type { ExecutorOptions } from "@/lib/services/slurm/get-executor-options";

/**
 * "Runs on" for runs launched later (schedules, batches, "evaluate new versions"), offered like the new-run form:
 * only when Slurm is configured (getExecutorOptions). A stored Slurm choice stays visible after Slurm was
 * unconfigured, so the server's field error has a control to point at and the user can switch to this machine.
 */
export function ExecutorField({
  id,
  value,
  options,
  onChange,
  errors,
}: {
  id: string;
  value: Executor | null;
  options: ExecutorOptions;
  onChange: (executor: Executor | null) => void;
  errors?: string[];
}) {
  if (!options.slurmAvailable && value !== "slurm") return null;
  return (
    <div data-field="executor" className="max-w-xs">
      <Field
        label="Runs on"
        name={id}
        errors={errors}
        hint={value === "slurm" ? "Submitted with sbatch; each run's page shows its Slurm job." : value === "local" ? "A worker slot on the dashboard host." : `The administrator's default: ${EXECUTOR_WORDS[options.defaultExecutor]}.`}
      >
        <Select
          id={id}
          value={value ?? ""}
          onChange={(e) => onChange(e.target.value === "" ? null : (e.target.value as Executor))}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={`${id}-error`}
        >
          {value === null ? <option value="">Default ({EXECUTOR_WORDS[options.defaultExecutor]})</option> : null}
          {(Object.keys(EXECUTOR_LABELS) as Executor[]).map((executor) => (
            <option key={executor} value={executor}>
              {EXECUTOR_LABELS[executor]}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
