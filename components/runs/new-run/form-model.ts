/**
 * The new-run form's state, and the two pure conversions around it: form state → the `createRun` input (the same
 * object goes to the live preview and to the launch, so the preview cannot drift from what is stored), and a stored
 * run → form state (re-run). Client-safe; unit-tested in tests/unit/new-run/form-model.test.ts.
 */
import { parseKeyValueArgs } from "@/lib/lmms-eval/command/key-value-args";
import { maskSecretsInArgs, MASK } from "@/lib/lmms-eval/command/preview";
import type { Executor } from "@/db/schema";
import type { RunDto } from "@/lib/services/runs/run-dto";
import {
  emptyKeyValueField,
  keyValueFieldFromText,
  keyValueFieldProblem,
  maskedKeys,
  newRowId,
  type KeyValueField,
} from "@/components/ui/key-value-rows";

export const VERBOSITY_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type Verbosity = (typeof VERBOSITY_LEVELS)[number];

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
};

/** What a re-run prefill carries besides the fields: where it came from and which secrets must be typed again. */
export type RerunSource = {
  runId: number;
  maskedModelArgKeys: string[];
  maskedGenKwargKeys: string[];
  envNames: string[];
};

/** A registered model version the form launches (its args arrive masked, like everything that leaves the server). */
export type BaseVersion = { id: number; label: string; modelName: string; backend: string; modelArgs: string; genKwargs: string };

/** The JSON body of `createRun` (strings are kept where a number was expected, so the server names the mistake). */
export type RunInputPayload = {
  model: string;
  modelArgs: string;
  tasks: string[];
  limit?: number | string;
  batchSize?: number | string;
  numFewshot?: number | string;
  genKwargs?: string;
  seed?: number | string;
  device?: string;
  includePath?: string;
  applyChatTemplate?: boolean;
  systemInstruction?: string;
  useCache?: string;
  verbosity?: string;
  env?: Record<string, string>;
  rerunOfId?: number;
  modelVersionId?: number;
  executor?: Executor;
};

export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
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

/**
 * Form state → `createRun` input. `forPreview` blanks environment values: the preview only shows names (every value is
 * masked), so secrets are not sent to the server on every keystroke.
 */
/** `k=v,…` compared as lmms-eval reads it: key order and spacing do not matter. */
function canonicalArgs(text: string): string {
  const parsed = parseKeyValueArgs(text);
  if (!parsed.ok) return text.trim();
  return parsed.pairs
    .map(([k, v]) => `${k.trim()}=${v.trim()}`)
    .sort()
    .join(",");
}

/** What the launch changes relative to its model version (shown to the user, recorded by the server as overrides). */
export function versionDiff(state: NewRunFormState, version: BaseVersion): Array<{ field: string; version: string; run: string }> {
  const diff: Array<{ field: string; version: string; run: string }> = [];
  if (state.model.trim() !== version.backend) diff.push({ field: "backend", version: version.backend, run: state.model.trim() });
  if (canonicalArgs(state.modelArgs.text) !== canonicalArgs(version.modelArgs)) diff.push({ field: "model args", version: version.modelArgs, run: state.modelArgs.text });
  if (canonicalArgs(state.genKwargs.text) !== canonicalArgs(version.genKwargs)) diff.push({ field: "gen kwargs", version: version.genKwargs, run: state.genKwargs.text });
  return diff;
}

export function prefillFromVersion(version: BaseVersion, executor: Executor = "local"): NewRunFormState {
  return {
    ...emptyFormState(executor),
    model: version.backend,
    modelArgs: keyValueFieldFromText(version.modelArgs),
    genKwargs: version.genKwargs ? keyValueFieldFromText(version.genKwargs) : emptyKeyValueField(),
  };
}

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
  };
  const version = options.baseVersion;
  if (version) {
    // Fields left as the version has them are not sent: the server fills in the version's real (unmasked) values.
    input.modelVersionId = version.id;
    const changed = new Set(versionDiff(state, version).map((d) => d.field));
    if (!changed.has("backend")) delete (input as Partial<RunInputPayload>).model;
    if (!changed.has("model args")) delete (input as Partial<RunInputPayload>).modelArgs;
    if (!changed.has("gen kwargs")) delete input.genKwargs;
  }
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as RunInputPayload;
}

/**
 * A stored run → form state. Runs reach the browser only as RunDtos: model-args secrets are `***` and environment
 * values are never returned, so those are marked for re-entry instead of being silently re-sent as `***`. Gen kwargs
 * are masked here with the same rule, so this function never passes a secret on to the page.
 */
export function prefillFromRun(
  run: Pick<RunDto, "id" | "model" | "modelArgs" | "tasks" | "params" | "envNames" | "executor">,
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
 * Quick checks before anything is sent, with the server's wording where it has one. They stop the launch; the
 * server still validates everything (task names, include path on disk, reserved variables, sizes).
 */
export function clientFieldErrors(state: NewRunFormState, rerun?: RerunSource | null, baseVersion?: BaseVersion | null): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string) => void (errors[key] ??= []).push(message);

  if (state.model.trim() === "") add("model", "model is required");
  if (state.tasks.length === 0) add("tasks", "choose at least one task");

  const modelArgsProblem = keyValueFieldProblem("model args", state.modelArgs);
  if (modelArgsProblem) add("modelArgs", modelArgsProblem);
  const genKwargsProblem = keyValueFieldProblem("gen kwargs", state.genKwargs);
  if (genKwargsProblem) add("genKwargs", genKwargsProblem);
  if (baseVersion) {
    // Untouched, the version's real values are used; edited, masked values would be sent as *** literally.
    const changed = new Set(versionDiff(state, baseVersion).map((d) => d.field));
    const masked = maskedKeys(state.modelArgs.text);
    if (changed.has("model args") && masked.length) add("modelArgs", `re-enter ${masked.join(", ")}: the version's value is masked (${MASK}); leave the args unchanged to use it`);
  }
  if (rerun) {
    const masked = maskedKeys(state.modelArgs.text);
    if (masked.length) add("modelArgs", `re-enter ${masked.join(", ")}: the value was masked (${MASK}) in run #${rerun.runId}`);
    const maskedGen = maskedKeys(state.genKwargs.text);
    if (maskedGen.length) add("genKwargs", `re-enter ${maskedGen.join(", ")}: the value was masked (${MASK}) in run #${rerun.runId}`);
  }

  const limit = state.limit.trim();
  if (limit !== "") {
    const value = Number(limit);
    if (!DECIMAL.test(limit) || !Number.isFinite(value)) add("limit", "limit must be a number");
    else if (value <= 0) add("limit", "limit must be greater than 0");
    else if (value >= 1 && !Number.isInteger(value)) {
      add("limit", "limit must be a fraction below 1 (share of each task) or a whole number of samples");
    }
  }
  const fewshot = state.numFewshot.trim();
  if (fewshot !== "" && !WHOLE.test(fewshot)) add("numFewshot", "number of few-shot examples must be a whole number, 0 or more");

  const seen = new Set<string>();
  for (const row of state.env) {
    const name = row.name.trim();
    if (name === "" && row.value === "") continue;
    const key = envErrorKey(row);
    if (name === "") add(key, "enter the variable's name");
    else if (!ENV_NAME.test(name)) {
      add(key, `environment variable name '${name}' must use upper-case letters, digits and _ and not start with a digit`);
    } else if (seen.has(name)) add(key, `${name} is set twice`);
    seen.add(name);
    if (row.reEnter && row.value === "") add(key, "re-enter the value (it is never sent back to the browser) or remove this variable");
  }
  return errors;
}

/** Server field keys → the form's error slots (`tasks.0` belongs to the task picker). */
export function errorSlot(key: string): string {
  if (key.startsWith("tasks.")) return "tasks";
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
] as const;
