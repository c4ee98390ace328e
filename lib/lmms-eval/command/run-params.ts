import { z } from "zod";
import { StoredRunParams, VERBOSITY_LEVELS } from "@/db/schema/json-shapes";
import { parseKeyValueArgs } from "./key-value-args";

const MODEL_ID = /^[A-Za-z0-9_.\-]+$/;
/** Task names plus the fnmatch glob characters lmms-eval expands (`utils.pattern_match`, docs/LMMS-EVAL-BEHAVIOUR.md §flags). No commas. */
const TASK_PATTERN = /^[A-Za-z0-9_.\-*?\[\]]+$/;
/** `--tasks list|list_groups|list_tags|list_subtasks` print a listing and exit 0 without evaluating anything. */
const LISTING_WORDS = new Set(["list", "list_groups", "list_tags", "list_subtasks"]);
const BATCH_SIZE_WORD = /^auto(:[1-9][0-9]*)?$/;
const SEED_PART = /^(\d+|none)$/i;
/** numpy.random.seed accepts 0 … 2^32−1; anything else raises inside the run, which lmms-eval reports as exit 0. */
const MAX_SEED = 2 ** 32 - 1;
const DEVICE = /^[a-z][a-z0-9_]*(:\d+)?$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Linux refuses a single argv string over 128 KiB (MAX_ARG_STRLEN); stay well below. */
const MAX_ARGUMENT_BYTES = 64 * 1024;
const MAX_ENV_VALUE_BYTES = 8 * 1024;
const MAX_ENV_VARIABLES = 64;

/**
 * Environment variables a run may not set, and why. Everything else is passed through: model credentials
 * (OPENAI_API_KEY, HF_TOKEN), caches (HF_HOME), offline switches and CUDA settings are the point of this field.
 * Not refused on purpose: PYTHONPATH (custom `!function` modules may need it) and LD_LIBRARY_PATH (CUDA installs);
 * security is not the reason for this list, since whoever can launch runs can already execute code through an
 * include path's `!function` modules.
 */
export const RESERVED_ENV_NAMES: Readonly<Record<string, string>> = {
  PYTHONUNBUFFERED: "the dashboard sets it so that logs arrive while the run is going",
  PYTHONINSPECT: "it makes Python wait for interactive input after the run, so the run would never end",
  PYTHONHOME: "it moves Python's standard library and stops the interpreter from starting",
  PYTHONIOENCODING: "the dashboard reads the run's output as UTF-8",
  PATH: "the lmms-eval command is looked up through it; where lmms-eval is installed is an administrator setting",
};

/** Why a run cannot set a variable of this name, or null. The new-run form checks each name with it as it is typed. */
export function envNameProblem(name: string): string | null {
  if (!ENV_NAME.test(name)) return `environment variable name '${name}' must use upper-case letters, digits and _ and not start with a digit`;
  if (Object.hasOwn(RESERVED_ENV_NAMES, name)) return `${name} cannot be set for a run: ${RESERVED_ENV_NAMES[name]}`;
  return null;
}

const utf8 = new TextEncoder();
const utf8Bytes = (text: string): number => utf8.encode(text).length;

/** NUL cannot cross execve: Node refuses to spawn with it, so it is refused here with a clear message instead. */
function plainText(label: string, maxBytes: number) {
  return z
    .string({ error: `${label} must be text` })
    .refine((value) => !value.includes("\u0000"), `${label} must not contain a NUL character`)
    .refine((value) => utf8Bytes(value) <= maxBytes, `${label} must be at most ${maxBytes / 1024} KiB`);
}

function keyValueText(label: string) {
  return plainText(label, MAX_ARGUMENT_BYTES).superRefine((value, ctx) => {
    const parsed = parseKeyValueArgs(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: `${label}: ${parsed.error}` });
  });
}

function absolutePath(label: string) {
  return plainText(label, MAX_ARGUMENT_BYTES)
    .refine((value) => value.trim() !== "", { error: `${label} must not be empty`, abort: true })
    // The dashboard runs on POSIX hosts, where an absolute path is one that starts with `/` (path.posix.isAbsolute).
    .refine((value) => value.startsWith("/"), `${label} must be an absolute path (starting with /)`);
}

const limit = z
  .number({ error: "limit must be a number" })
  .refine((value) => value > 0, "limit must be greater than 0")
  .refine(
    (value) => value < 1 || Number.isInteger(value),
    "limit must be a fraction below 1 (share of each task) or a whole number of samples",
  );

const batchSize = z
  .union([z.number(), z.string()], { error: "batch size must be a positive whole number, 'auto' or 'auto:N'" })
  .refine(
    (value) => (typeof value === "number" ? Number.isInteger(value) && value > 0 : BATCH_SIZE_WORD.test(value)),
    "batch size must be a positive whole number, 'auto' or 'auto:N'",
  );

const seedMessage = `seed must be a whole number from 0 to ${MAX_SEED}, or four of them (or None) separated by commas: python,numpy,torch,fewshot`;
const isSeedNumber = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= MAX_SEED;
/** `--seed` accepts one value for all four seeds or exactly the four (`__main__._int_or_none_list_arg_type`). */
const seed = z.union([z.number(), z.string()], { error: seedMessage }).refine((value) => {
  if (typeof value === "number") return isSeedNumber(value);
  const parts = value.split(",");
  if (parts.length !== 1 && parts.length !== 4) return false;
  return parts.every((part) => SEED_PART.test(part) && (/^none$/i.test(part) || isSeedNumber(Number(part))));
}, seedMessage);

const tasks = z
  .array(
    z
      .string({ error: "each task must be a name" })
      .trim()
      .min(1, { error: "task names must not be empty", abort: true })
      .superRefine((name, ctx) => {
        if (LISTING_WORDS.has(name)) {
          ctx.addIssue({ code: "custom", message: `'${name}' is an lmms-eval listing command, not a task` });
        } else if (!TASK_PATTERN.test(name)) {
          ctx.addIssue({
            code: "custom",
            message: `task '${name}' may only contain letters, digits, '.', '_', '-' and the wildcards * ? [ ]`,
          });
        }
      }),
    { error: "tasks must be a list of task names" },
  )
  .min(1, "choose at least one task")
  .transform((names) => [...new Set(names)])
  .refine((names) => utf8Bytes(names.join(",")) <= MAX_ARGUMENT_BYTES, "too many tasks for one run; use a group or a wildcard");

const env = z
  .record(z.string(), z.string({ error: "environment variable values must be text" }), {
    error: "environment variables must be a NAME → value map",
  })
  .superRefine((variables, ctx) => {
    const names = Object.keys(variables);
    if (names.length > MAX_ENV_VARIABLES) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_ENV_VARIABLES} environment variables per run` });
    }
    for (const name of names) {
      const value = variables[name];
      const where = [name];
      const nameProblem = envNameProblem(name);
      if (nameProblem) ctx.addIssue({ code: "custom", path: where, message: nameProblem });
      if (value.includes("\u0000")) {
        ctx.addIssue({ code: "custom", path: where, message: `the value of ${name} must not contain a NUL character` });
      }
      if (utf8Bytes(value) > MAX_ENV_VALUE_BYTES) {
        ctx.addIssue({ code: "custom", path: where, message: `the value of ${name} must be at most ${MAX_ENV_VALUE_BYTES / 1024} KiB` });
      }
    }
  });

/**
 * Everything a user may choose for one lmms-eval run (§flags). The dashboard owns the rest of the command:
 * `--output_path`, `--log_samples` and `--timezone UTC` (see build-argv.ts). The stored parameters are the runs
 * table's own shape (`StoredRunParams`): this schema adds the rules and messages to those fields (`safeExtend` makes
 * the compiler prove each rule still yields the stored type) and the fields that have columns of their own. Not strict
 * about unknown keys so that services can extend it; values are checked, never rewritten, except that task names are
 * trimmed and de-duplicated. Client-safe (no Node imports): the new-run form validates with it too.
 */
export const RunParams = StoredRunParams.strip()
  .safeExtend({
    model: z
      .string({ error: "model is required" })
      .trim()
      .min(1, { error: "model is required", abort: true })
      .regex(MODEL_ID, "model must be a backend id such as 'openai' or 'qwen2_5_vl' (letters, digits, '.', '_' and '-')"),
    modelArgs: keyValueText("model args")
      .refine(
        (value) => !keysOf(value).includes("batch_size"),
        "model args: remove batch_size and use the Batch size field; lmms-eval also passes the batch size to the model, which then fails with 'got multiple values for keyword argument batch_size'",
      )
      .default(""),
    tasks,
    limit: limit.optional(),
    batchSize: batchSize.optional(),
    numFewshot: z
      .number({ error: "number of few-shot examples must be a number" })
      .int("number of few-shot examples must be a whole number")
      .min(0, "number of few-shot examples must be 0 or more")
      .optional(),
    genKwargs: keyValueText("gen kwargs").optional(),
    seed: seed.optional(),
    device: z
      .string({ error: "device must be text" })
      .regex(DEVICE, "device must look like 'cpu', 'cuda' or 'cuda:0'")
      .optional(),
    includePath: absolutePath("include path").optional(),
    applyChatTemplate: z.boolean({ error: "apply chat template must be true or false" }).optional(),
    systemInstruction: plainText("system instruction", MAX_ARGUMENT_BYTES).optional(),
    useCache: absolutePath("response cache path").optional(),
    // DEBUG also makes lmms-eval re-raise evaluation errors: exit 1 instead of the usual 0 (§exit-codes).
    verbosity: z.enum(VERBOSITY_LEVELS, { error: `verbosity must be one of ${VERBOSITY_LEVELS.join(", ")}` }).optional(),
    env: env.optional(),
  })
  .superRefine((params, ctx) => {
    // `create_from_arg_string` passes --device to the model next to model_args: both set → "multiple values".
    if (params.device !== undefined && keysOf(params.modelArgs).includes("device")) {
      ctx.addIssue({
        code: "custom",
        path: ["device"],
        message: "device is set both here and in model args; lmms-eval would pass it twice and fail, so keep only one",
      });
    }
  });

export type RunParams = z.output<typeof RunParams>;
export type RunParamsInput = z.input<typeof RunParams>;

function keysOf(keyValueText: string): string[] {
  const parsed = parseKeyValueArgs(keyValueText);
  return parsed.ok ? parsed.pairs.map(([key]) => key) : [];
}
