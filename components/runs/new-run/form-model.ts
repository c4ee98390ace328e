/**
 * The new-run form's state, and the two pure conversions around it: form state → the `createRun` input (the same
 * object goes to the live preview and to the launch, so the preview cannot drift from what is stored), and a stored
 * run → form state (re-run). Client-safe; unit-tested in tests/unit/new-run/form-model.test.ts.
 */
import type { Executor } from "@/db/schema";
import { VERBOSITY_LEVELS, type Verbosity } from "@/db/schema/json-shapes";
import { launchOverrides, type OverrideField } from "@/lib/lmms-eval/command/launch-overrides";
import { maskKeyValueSecrets, maskSecretsInArgs, MASK } from "@/lib/lmms-eval/command/preview";
import { RunParams } from "@/lib/lmms-eval/command/run-params";
import { fieldErrors } from "@/lib/services/validate";
import type { CreateRunInput } from "@/lib/services/runs/create-run";
import type { RunDto } from "@/lib/services/runs/run-dto";
import type { ShareMember } from "../sharing-fields";
import {
  emptyKeyValueField,
  keyValueFieldFromText,
  keyValueFieldProblem,
  maskedKeys,
  newRowId,
  type KeyValueField,
} from "@/components/ui/key-value-rows";

export { VERBOSITY_LEVELS };

export type EnvRow = { id: string; name: string; value: string; reEnter: boolean };

export type NewRunFormState = {
  model: string;
  modelArgs: KeyValueField;
  genKwargs: KeyValueField;
  tasks: string[];
  limit: string;
  batchSize: string;
  numFewshot: string;
  seed: string;
  device: string;
  includePath: string;
  applyChatTemplate: boolean;
  systemInstruction: string;
  useCache: string;
  verbosity: Verbosity | "";
  env: EnvRow[];
  /** Where the run executes; the choice is offered only when Slurm is configured. */
  executor: Executor;
  /** Who sees the run from its first queued event on, and the people it is shared with. */
  visibility: "team" | "private";
  members: ShareMember[];
};

/** What a re-run prefill carries besides the fields: where it came from and which secrets must be typed again. */
export type RerunSource = {
  runId: number;
  maskedModelArgKeys: string[];
  maskedGenKwargKeys: string[];
  envNames: string[];
};

/**
 * A registered model version the form launches (its args arrive masked, like everything that leaves the server).
 * `storedSecretsUsable`: the credentials stored with it are the launcher's own; anyone else types their own.
 */
export type BaseVersion = { id: number; label: string; modelName: string; backend: string; modelArgs: string; genKwargs: string; storedSecretsUsable: boolean };

/**
 * The JSON body of `createRun`: its own input type, except that text the user typed where a number belongs is sent
 * as typed (so the server's validation names the mistake), and that a version launch leaves out what it keeps.
 */
export type RunInputPayload = Partial<Pick<CreateRunInput, "model">> & {
  [K in keyof Omit<CreateRunInput, "model">]: number extends NonNullable<CreateRunInput[K]> ? CreateRunInput[K] | string : CreateRunInput[K];
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const WHOLE = /^\d+$/;

export function emptyFormState(executor: Executor = "local"): NewRunFormState {
  return {
    model: "",
    modelArgs: emptyKeyValueField(),
    genKwargs: emptyKeyValueField(),
    tasks: [],
    limit: "",
    batchSize: "",
    numFewshot: "",
    seed: "",
    device: "",
    includePath: "",
    applyChatTemplate: false,
    systemInstruction: "",
    useCache: "",
    verbosity: "",
    env: [],
    executor,
    visibility: "team",
    members: [],
  };
}

const optionalText = (text: string): string | undefined => (text.trim() === "" ? undefined : text.trim());
const optionalNumber = (text: string): number | string | undefined => {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return DECIMAL.test(trimmed) ? Number(trimmed) : trimmed;
};
/** batch size and seed are numbers or words (`auto:4`, `0,1234,1234,1234`): numbers only when they are whole. */
const numberOrWord = (text: string): number | string | undefined => {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return WHOLE.test(trimmed) ? Number(trimmed) : trimmed;
};

const OVERRIDE_LABELS: Record<OverrideField, string> = { backend: "backend", modelArgs: "model args", genKwargs: "gen kwargs" };

/**
 * What the launch changes relative to its model version: the server's own rule (launchOverrides), so what the form
 * shows is exactly what the run will record as its overrides.
 */
export function versionDiff(state: NewRunFormState, version: BaseVersion): Array<{ field: string; version: string; run: string }> {
  const overrides = launchOverrides(version, { backend: state.model, modelArgs: state.modelArgs.text, genKwargs: state.genKwargs.text });
  return (Object.keys(OVERRIDE_LABELS) as OverrideField[]).flatMap((field) => {
    const change = overrides[field];
    return change ? [{ field: OVERRIDE_LABELS[field], version: change[0], run: change[1] }] : [];
  });
}

export function prefillFromVersion(version: BaseVersion, executor: Executor = "local"): NewRunFormState {
  return {
    ...emptyFormState(executor),
    model: version.backend,
    modelArgs: keyValueFieldFromText(version.modelArgs),
    genKwargs: version.genKwargs ? keyValueFieldFromText(version.genKwargs) : emptyKeyValueField(),
  };
}

/**
 * Form state → `createRun` input. `forPreview` blanks environment values: the preview only shows names (every value is
 * masked), so secrets are not sent to the server on every keystroke.
 */
export function toRunInput(state: NewRunFormState, options: { rerunOfId?: number; forPreview?: boolean; baseVersion?: BaseVersion | null } = {}): RunInputPayload {
  const env: Record<string, string> = {};
  for (const row of state.env) {
    const name = row.name.trim();
    if (name === "") continue;
    env[name] = options.forPreview ? "" : row.value;
  }
  const input: RunInputPayload = {
    model: state.model.trim(),
    modelArgs: state.modelArgs.text,
    tasks: state.tasks,
    limit: optionalNumber(state.limit),
    batchSize: numberOrWord(state.batchSize),
    numFewshot: optionalNumber(state.numFewshot),
    genKwargs: state.genKwargs.text === "" ? undefined : state.genKwargs.text,
    seed: numberOrWord(state.seed),
    device: optionalText(state.device),
    includePath: optionalText(state.includePath),
    applyChatTemplate: state.applyChatTemplate ? true : undefined,
    systemInstruction: state.systemInstruction.trim() === "" ? undefined : state.systemInstruction,
    useCache: optionalText(state.useCache),
    verbosity: state.verbosity || undefined,
    env: Object.keys(env).length ? env : undefined,
    rerunOfId: options.rerunOfId,
    executor: state.executor,
    visibility: state.visibility === "private" ? "private" : undefined,
    members: state.members.length ? state.members.map(({ userId, permission }) => ({ userId, permission })) : undefined,
  };
  const version = options.baseVersion;
  if (version) {
    // Fields left as the version has them are not sent: the server fills in the version's real (unmasked) values.
    input.modelVersionId = version.id;
    const changed = new Set(versionDiff(state, version).map((d) => d.field));
    if (!changed.has("backend")) delete input.model;
    // A credential typed in (someone else's stored one replaced by the launcher's own) is no configuration change,
    // but the server must get it.
    const typedCredential = maskKeyValueSecrets(state.modelArgs.text) !== state.modelArgs.text;
    if (!changed.has("model args") && !typedCredential) delete input.modelArgs;
    // Emptied, the version's gen kwargs must be overridden with nothing, not left out (which would keep them).
    if (!changed.has("gen kwargs")) delete input.genKwargs;
    else input.genKwargs = state.genKwargs.text;
  }
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as RunInputPayload;
}

/**
 * A stored run → form state. Runs reach the browser only as RunDtos: model-args secrets are `***` and environment
 * values are never returned, so those are marked for re-entry instead of being silently re-sent as `***`. Gen kwargs
 * are masked here with the same rule, so this function never passes a secret on to the page.
 */
export function prefillFromRun(
  run: Pick<RunDto, "id" | "model" | "modelArgs" | "tasks" | "params" | "envNames" | "executor" | "visibility">,
): { state: NewRunFormState; source: RerunSource } {
  const p = run.params;
  const genKwargs = p.genKwargs ? maskSecretsInArgs(["--gen_kwargs", p.genKwargs])[1] : "";
  const str = (value: unknown) => (value === undefined || value === null ? "" : String(value));
  const state: NewRunFormState = {
    model: run.model,
    modelArgs: keyValueFieldFromText(run.modelArgs),
    genKwargs: genKwargs ? keyValueFieldFromText(genKwargs) : emptyKeyValueField(),
    tasks: [...run.tasks],
    limit: str(p.limit),
    batchSize: str(p.batchSize),
    numFewshot: str(p.numFewshot),
    seed: str(p.seed),
    device: str(p.device),
    includePath: str(p.includePath),
    applyChatTemplate: Boolean(p.applyChatTemplate),
    systemInstruction: str(p.systemInstruction),
    useCache: str(p.useCache),
    verbosity: p.verbosity ?? "",
    env: run.envNames.map((name) => ({ id: newRowId("env"), name, value: "", reEnter: true })),
    executor: run.executor,
    // A re-run of a private run starts private; whom to share it with is chosen again.
    visibility: run.visibility,
    members: [],
  };
  return {
    state,
    source: {
      runId: run.id,
      maskedModelArgKeys: maskedKeys(run.modelArgs),
      maskedGenKwargKeys: maskedKeys(genKwargs),
      envNames: [...run.envNames],
    },
  };
}

/** Error slot of one environment row: by name, as the server keys them (`env.NAME`), or by row for a missing name. */
export function envErrorKey(row: EnvRow): string {
  return row.name.trim() === "" ? `env.#${row.id}` : `env.${row.name.trim()}`;
}

/**
 * Checks before anything is sent. Every rule the server can apply without its database (formats, ranges, reserved
 * environment names, `k=v` syntax, batch size in model args, …) is the server's own schema, with its wording; the form
 * adds what only it knows (per-row problems in the rows view, values masked in a stored run or version, blank or
 * repeated variable rows). The server still checks the rest (task names, include path on disk, Slurm).
 */
export function clientFieldErrors(state: NewRunFormState, rerun?: RerunSource | null, baseVersion?: BaseVersion | null): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string) => void (errors[key] ??= []).push(message);

  const modelArgsProblem = keyValueFieldProblem("model args", state.modelArgs);
  if (modelArgsProblem) add("modelArgs", modelArgsProblem);
  const genKwargsProblem = keyValueFieldProblem("gen kwargs", state.genKwargs);
  if (genKwargsProblem) add("genKwargs", genKwargsProblem);
  if (baseVersion) {
    // Untouched, the version's real values are used (by their owner); edited, masked values would be sent as *** literally.
    const changed = new Set(versionDiff(state, baseVersion).map((d) => d.field));
    for (const [slot, field, text] of [["modelArgs", "model args", state.modelArgs.text], ["genKwargs", "gen kwargs", state.genKwargs.text]] as const) {
      const masked = maskedKeys(text);
      if (!masked.length) continue;
      if (!baseVersion.storedSecretsUsable) add(slot, `enter your own ${masked.join(", ")}: the value stored with this version is used only in launches by the person who entered it`);
      else if (changed.has(field)) add(slot, `re-enter ${masked.join(", ")}: the version's value is masked (${MASK}); leave the ${field} unchanged to use it`);
    }
  }
  if (rerun) {
    const masked = maskedKeys(state.modelArgs.text);
    if (masked.length) add("modelArgs", `re-enter ${masked.join(", ")}: the value was masked (${MASK}) in run #${rerun.runId}`);
    const maskedGen = maskedKeys(state.genKwargs.text);
    if (maskedGen.length) add("genKwargs", `re-enter ${maskedGen.join(", ")}: the value was masked (${MASK}) in run #${rerun.runId}`);
  }

  const seen = new Set<string>();
  for (const row of state.env) {
    const name = row.name.trim();
    if (name === "" && row.value === "") continue;
    const key = envErrorKey(row);
    if (name === "") add(key, "enter the variable's name");
    else if (seen.has(name)) add(key, `${name} is set twice`);
    seen.add(name);
    if (row.reEnter && row.value === "") add(key, "re-enter the value (it is never sent back to the browser) or remove this variable");
  }

  // A version launch leaves unchanged fields out for the server to fill in from the version: check them as they will be.
  const payload = toRunInput(state, { baseVersion });
  const launched = baseVersion ? { ...payload, model: payload.model ?? baseVersion.backend, modelArgs: payload.modelArgs ?? baseVersion.modelArgs, genKwargs: payload.genKwargs ?? (baseVersion.genKwargs || undefined) } : payload;
  const parsed = RunParams.safeParse(launched);
  if (!parsed.success) {
    for (const [key, messages] of Object.entries(fieldErrors(parsed.error))) {
      // A slot the form already explained (more precisely: which row, which masked key) keeps that explanation.
      const slot = errorSlot(key);
      if (!errors[slot]) errors[slot] = [...new Set(messages)];
    }
  }
  return errors;
}

/** Server field keys → the form's error slots (`tasks.0` belongs to the task picker, `members.0.userId` to sharing). */
export function errorSlot(key: string): string {
  if (key.startsWith("tasks.")) return "tasks";
  if (key.startsWith("members.") || key === "visibility") return "members";
  return key;
}

/** Field keys in the order they appear on the page, so the first error can receive focus. */
export const FIELD_ORDER = [
  "model",
  "modelArgs",
  "genKwargs",
  "tasks",
  "limit",
  "batchSize",
  "numFewshot",
  "seed",
  "device",
  "includePath",
  "applyChatTemplate",
  "systemInstruction",
  "useCache",
  "verbosity",
  "env",
  "executor",
  "members",
] as const;
