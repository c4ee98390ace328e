"use client";

import { useActionState } from "react";
import { saveSlurmSettingsAction } from "@/app/(app)/settings/slurm/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Input, Select, Textarea } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import type { SlurmSettingsDto } from "@/lib/services/slurm/schemas";

/** The saved value, or what the admin typed when the save was refused (so nothing typed is lost). */
function shownValue(state: { ok: boolean; values?: Record<string, string> }, name: string, saved: string): string {
  return !state.ok && state.values && name in state.values ? state.values[name] : saved;
}

export function SlurmSettingsForm({ settings, dashboardCommand }: { settings: SlurmSettingsDto; dashboardCommand: string }) {
  const [state, formAction, pending] = useActionState(saveSlurmSettingsAction, initialActionState);
  const errors = state.ok ? undefined : state.fields;
  const value = (name: keyof SlurmSettingsDto, saved: string) => shownValue(state, name, saved);
  return (
    <form action={formAction} className="space-y-6 px-4 py-4" noValidate data-testid="slurm-settings-form">
      <fieldset className="grid gap-4 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Where runs go</legend>
        <Field
          label="Shared folder"
          name="sharedDir"
          errors={errors?.sharedDir}
          hint="An absolute folder that this host and every compute node see at the same path. Runs write their output under runs/<id>/ in it. Empty = Slurm off."
        >
          <Input id="sharedDir" name="sharedDir" placeholder="/nfs/team/lmms-eval-dashboard" defaultValue={value("sharedDir", settings.sharedDir)} aria-invalid={Boolean(errors?.sharedDir)} aria-describedby="sharedDir-error" />
        </Field>
        <Field label="Default executor" name="defaultExecutor" errors={errors?.defaultExecutor} hint="Where a launch goes when it does not choose (form, REST, schedules).">
          <Select id="defaultExecutor" name="defaultExecutor" defaultValue={value("defaultExecutor", settings.defaultExecutor)} aria-describedby="defaultExecutor-error">
            <option value="local">this machine (local)</option>
            <option value="slurm">the Slurm cluster</option>
          </Select>
        </Field>
        <div className="md:col-span-2">
          <Field
            label="lmms-eval command on the nodes"
            name="lmmsEvalCommand"
            errors={errors?.lmmsEvalCommand}
            hint={`Words or a JSON array, like LMMS_EVAL_CMD. Empty = the dashboard's own: ${dashboardCommand}`}
          >
            <Input
              id="lmmsEvalCommand"
              name="lmmsEvalCommand"
              className="font-mono"
              placeholder={dashboardCommand}
              defaultValue={value("lmmsEvalCommand", settings.lmmsEvalCommand ? JSON.stringify(settings.lmmsEvalCommand) : "")}
              aria-describedby="lmmsEvalCommand-error"
            />
          </Field>
        </div>
      </fieldset>

      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">What each run asks for (empty = the cluster&apos;s default)</legend>
        {(
          [
            ["partition", "Partition", "gpu"],
            ["account", "Account", "vision-lab"],
            ["qos", "QoS", "normal"],
            ["timeLimit", "Time limit", "04:00:00"],
            ["memory", "Memory", "64G"],
          ] as const
        ).map(([name, label, placeholder]) => (
          <Field key={name} label={label} name={name} errors={errors?.[name]}>
            <Input id={name} name={name} placeholder={placeholder} defaultValue={value(name, settings[name])} aria-describedby={`${name}-error`} />
          </Field>
        ))}
        <Field label="GPUs per run" name="gpusPerRun" errors={errors?.gpusPerRun} hint="--gres=gpu:N; 0 = none">
          <Input id="gpusPerRun" name="gpusPerRun" inputMode="numeric" defaultValue={value("gpusPerRun", String(settings.gpusPerRun))} aria-describedby="gpusPerRun-error" />
        </Field>
        <Field label="CPUs per run" name="cpusPerRun" errors={errors?.cpusPerRun} hint="--cpus-per-task">
          <Input id="cpusPerRun" name="cpusPerRun" inputMode="numeric" defaultValue={value("cpusPerRun", settings.cpusPerRun === null ? "" : String(settings.cpusPerRun))} aria-describedby="cpusPerRun-error" />
        </Field>
      </fieldset>

      <fieldset className="grid gap-4">
        <legend className="mb-2 text-sm font-semibold">Script</legend>
        <Field label="Extra #SBATCH lines" name="extraDirectives" errors={errors?.extraDirectives} hint="One per line, each starting with “#SBATCH ”, e.g. #SBATCH --constraint=a100.">
          <Textarea id="extraDirectives" name="extraDirectives" rows={3} defaultValue={value("extraDirectives", settings.extraDirectives.join("\n"))} aria-describedby="extraDirectives-error" />
        </Field>
        <Field label="Preamble" name="preamble" errors={errors?.preamble} hint="Shell lines run on the node before lmms-eval: module loads, source /path/venv/bin/activate, …">
          <Textarea id="preamble" name="preamble" rows={4} placeholder={"module load cuda/12.1\nsource /opt/venvs/lmms/bin/activate"} defaultValue={value("preamble", settings.preamble)} aria-describedby="preamble-error" />
        </Field>
      </fieldset>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <div aria-live="polite" className="min-w-0 flex-1">
          {state.ok ? <FormMessage state={{ ok: true, message: "Saved. New runs use these settings; runs already submitted keep theirs." }} /> : <FormMessage state={state} />}
        </div>
      </div>
    </form>
  );
}
