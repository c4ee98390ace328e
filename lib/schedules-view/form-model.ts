import type { Executor, ScheduleTarget } from "@/db/schema";
import { emptyParamFields, paramFieldsFrom, paramsFromFields, type ParamFields, type ParamKey } from "./params";

/** What the schedule form edits; turned into the service's input by toScheduleInput. */
export type ScheduleFormState = {
  name: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  overlap: "skip" | "queue";
  misfire: "skip" | "run_once";
  type: ScheduleTarget["type"];
  versionIds: number[];
  tasks: string[];
  params: ParamFields;
  /** "Runs on" (stored as `params.executor`); null leaves it to the administrator's default when the runs are made. */
  executor: Executor | null;
  /** Parameters the form has no field for (set through the API): kept as they are. */
  extraParams: Record<string, unknown>;
  baselineVersionId: number | null;
};

/** `executor`: what the page preselects — getExecutorOptions' default when Slurm is offered, else null (not sent). */
export function emptyScheduleForm(timezone = "UTC", executor: Executor | null = null): ScheduleFormState {
  return {
    name: "",
    cron: "0 2 * * *",
    timezone,
    enabled: true,
    overlap: "skip",
    misfire: "skip",
    type: "evaluation",
    versionIds: [],
    tasks: [],
    params: emptyParamFields(),
    executor,
    extraParams: {},
    baselineVersionId: null,
  };
}

/** `defaultExecutor`: shown when the schedule never chose (what its runs get today); saving then records it. */
export function scheduleFormFrom(
  s: {
  name: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  overlap: "skip" | "queue";
  misfire: "skip" | "run_once";
    target: ScheduleTarget;
  },
  defaultExecutor: Executor | null = null,
): ScheduleFormState {
  const { fields, executor, extra } = paramFieldsFrom(s.target.params);
  return {
    name: s.name,
    cron: s.cron,
    timezone: s.timezone,
    enabled: s.enabled,
    overlap: s.overlap,
    misfire: s.misfire,
    type: s.target.type,
    versionIds: [...s.target.modelVersionIds],
    tasks: [...s.target.tasks],
    params: fields,
    executor: executor ?? defaultExecutor,
    extraParams: extra,
    baselineVersionId: s.target.type === "comparison" ? (s.target.baselineVersionId ?? null) : null,
  };
}

export type FormSlot = "name" | "cron" | "timezone" | "versions" | "tasks" | "baseline" | "overlap" | "misfire" | "force" | "executor" | ParamKey | "_form";
export type SlotErrors = Partial<Record<FormSlot, string[]>>;

/** Builds the service input; `errors` holds the checks that need no server (empty name, nothing chosen, 'abc' as limit). */
export function toScheduleInput(form: ScheduleFormState): { input: Record<string, unknown>; errors: SlotErrors } {
  const { params, errors: paramErrors } = paramsFromFields(form.params, form.extraParams, form.executor);
  const target: Record<string, unknown> = {
    type: form.type,
    modelVersionIds: form.versionIds,
    tasks: form.tasks,
    ...(Object.keys(params).length ? { params } : {}),
    ...(form.type === "comparison" ? { baselineVersionId: form.baselineVersionId !== null && form.versionIds.includes(form.baselineVersionId) ? form.baselineVersionId : null } : {}),
  };
  const errors: SlotErrors = {};
  if (!form.name.trim()) errors.name = ["Give the schedule a name"];
  if (!form.cron.trim()) errors.cron = ["Enter a cron expression or pick a preset"];
  if (!form.timezone.trim()) errors.timezone = ["Choose a time zone"];
  if (form.versionIds.length === 0) errors.versions = ["Choose at least one model version"];
  if (form.tasks.length === 0) errors.tasks = ["Choose at least one task"];
  for (const [key, message] of Object.entries(paramErrors)) errors[key as ParamKey] = [message];
  return {
    input: { name: form.name.trim(), cron: form.cron.trim(), timezone: form.timezone.trim(), enabled: form.enabled, overlap: form.overlap, misfire: form.misfire, target },
    errors,
  };
}

/** The batch form: versions × tasks, parameters, force, baseline. */
export type BatchFormState = {
  name: string;
  versionIds: number[];
  tasks: string[];
  params: ParamFields;
  /** "Runs on" for the runs the batch launches; null leaves it to the administrator's default. */
  executor: Executor | null;
  force: boolean;
  baselineVersionId: number | null;
};

export const emptyBatchForm = (versionIds: number[] = [], tasks: string[] = [], executor: Executor | null = null): BatchFormState => ({
  name: "",
  versionIds,
  tasks,
  params: emptyParamFields(),
  executor,
  force: false,
  baselineVersionId: null,
});

export function toBatchInput(form: BatchFormState): { input: Record<string, unknown>; errors: SlotErrors } {
  const { params, errors: paramErrors } = paramsFromFields(form.params, {}, form.executor);
  const errors: SlotErrors = {};
  if (form.versionIds.length === 0) errors.versions = ["Choose the versions to compare"];
  if (form.tasks.length === 0) errors.tasks = ["Choose at least one task"];
  for (const [key, message] of Object.entries(paramErrors)) errors[key as ParamKey] = [message];
  return {
    input: {
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      modelVersionIds: form.versionIds,
      tasks: form.tasks,
      ...(Object.keys(params).length ? { params } : {}),
      force: form.force,
      baselineVersionId: form.baselineVersionId !== null && form.versionIds.includes(form.baselineVersionId) ? form.baselineVersionId : null,
    },
    errors,
  };
}

/** "Evaluate new versions on …" (model page): the tasks and the same run settings a batch has. */
export type AutoEvaluationFormState = {
  tasks: string[];
  params: ParamFields;
  executor: Executor | null;
  extraParams: Record<string, unknown>;
};

export function autoEvaluationFormFrom(setting: { tasks: string[]; params?: Record<string, unknown> } | null, defaultExecutor: Executor | null = null): AutoEvaluationFormState {
  const { fields, executor, extra } = paramFieldsFrom(setting?.params);
  return { tasks: [...(setting?.tasks ?? [])], params: fields, executor: executor ?? defaultExecutor, extraParams: extra };
}

/** The model's `evaluateNewVersions` value (turning it off is `null`, sent by its own button). */
export function toAutoEvaluationInput(form: AutoEvaluationFormState): { input: { tasks: string[]; params?: Record<string, unknown> }; errors: SlotErrors } {
  const { params, errors: paramErrors } = paramsFromFields(form.params, form.extraParams, form.executor);
  const errors: SlotErrors = {};
  if (form.tasks.length === 0) errors.tasks = ["Choose at least one task to evaluate new versions on"];
  for (const [key, message] of Object.entries(paramErrors)) errors[key as ParamKey] = [message];
  return { input: { tasks: form.tasks, ...(Object.keys(params).length ? { params } : {}) }, errors };
}

const SLOT_BY_PATH: Array<[RegExp, FormSlot]> = [
  [/^(target\.)?modelVersionIds(\.|$)/, "versions"],
  [/^(target\.)?tasks(\.|$)/, "tasks"],
  [/^(target\.)?baselineVersionId(\.|$)/, "baseline"],
  [/^(target\.)?params\.limit(\.|$)/, "limit"],
  [/^(target\.)?params\.batchSize(\.|$)/, "batchSize"],
  [/^(target\.)?params\.numFewshot(\.|$)/, "numFewshot"],
  [/^(target\.)?params\.seed(\.|$)/, "seed"],
  // createRun's own field name, when a batch's run is refused for its executor.
  [/^((target\.)?params\.)?executor(\.|$)/, "executor"],
  [/^modelVersionId$/, "versions"],
  [/^name$/, "name"],
  [/^cron$/, "cron"],
  [/^timezone$/, "timezone"],
  [/^overlap$/, "overlap"],
  [/^misfire$/, "misfire"],
  [/^force$/, "force"],
];

/**
 * Server field paths ("target.modelVersionIds.0", "params.limit", "evaluateNewVersions.params.executor") → the
 * form's slots; the rest goes to "_form".
 */
export function slotErrors(fields: Record<string, string[]> | undefined): SlotErrors {
  const out: SlotErrors = {};
  for (const [fullPath, messages] of Object.entries(fields ?? {})) {
    const path = fullPath.replace(/^evaluateNewVersions\./, "");
    const slot = SLOT_BY_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? "_form";
    out[slot] = [...new Set([...(out[slot] ?? []), ...messages])];
  }
  return out;
}

/** "Evaluate 2 versions on 3 tasks" — one line for lists. */
export function describeTarget(target: ScheduleTarget): string {
  const v = target.modelVersionIds.length;
  const t = target.tasks.length;
  const versions = `${v} version${v === 1 ? "" : "s"}`;
  const tasks = t <= 3 ? target.tasks.join(", ") : `${t} tasks`;
  return target.type === "comparison" ? `Compare ${versions} on ${tasks}` : `Evaluate ${versions} on ${tasks}`;
}
