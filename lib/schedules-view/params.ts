import type { Executor } from "@/db/schema";
import { EXECUTOR_WORDS, isExecutor } from "@/lib/runs-view/executor";

/**
 * The few run parameters the schedule and batch forms offer (lmms-eval's --limit, --batch_size, --num_fewshot,
 * --seed), and where the runs go (`executor`). Anything else a schedule carries (set through the API) is kept
 * untouched as `extra`.
 */
export const PARAM_KEYS = ["limit", "batchSize", "numFewshot", "seed"] as const;
export type ParamKey = (typeof PARAM_KEYS)[number];
export type ParamFields = Record<ParamKey, string>;

export const emptyParamFields = (): ParamFields => ({ limit: "", batchSize: "", numFewshot: "", seed: "" });

/** Stored parameters → the form's text fields, its "Runs on" choice (null: not chosen) and the rest, kept as they are. */
export function paramFieldsFrom(params: Record<string, unknown> | null | undefined): { fields: ParamFields; executor: Executor | null; extra: Record<string, unknown> } {
  const fields = emptyParamFields();
  const extra: Record<string, unknown> = {};
  let executor: Executor | null = null;
  for (const [key, value] of Object.entries(params ?? {})) {
    if ((PARAM_KEYS as readonly string[]).includes(key) && (typeof value === "number" || typeof value === "string")) fields[key as ParamKey] = String(value);
    // An executor the form cannot show (a typo sent through the API) stays in `extra`, so the server names it.
    else if (key === "executor" && isExecutor(value)) executor = value;
    else if (value !== undefined && value !== null) extra[key] = value;
  }
  return { fields, executor, extra };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Text fields → the params object createRun validates. Only the shape is checked here (is it a number?); the
 * server checks the values with lmms-eval's own rules (limit > 0, 'auto:N', seeds…).
 */
export function paramsFromFields(
  fields: ParamFields,
  extra: Record<string, unknown> = {},
  executor: Executor | null = null,
): { params: Record<string, unknown>; errors: Partial<Record<ParamKey, string>> } {
  const params: Record<string, unknown> = { ...extra, ...(executor ? { executor } : {}) };
  const errors: Partial<Record<ParamKey, string>> = {};
  const limit = fields.limit.trim();
  if (limit) {
    if (NUMBER.test(limit)) params.limit = Number(limit);
    else errors.limit = "limit must be a number: a count of samples, or a fraction below 1";
  }
  const batchSize = fields.batchSize.trim();
  if (batchSize) params.batchSize = /^\d+$/.test(batchSize) ? Number(batchSize) : batchSize;
  const fewshot = fields.numFewshot.trim();
  if (fewshot) {
    if (/^\d+$/.test(fewshot)) params.numFewshot = Number(fewshot);
    else errors.numFewshot = "few-shot examples must be a whole number";
  }
  const seed = fields.seed.trim();
  if (seed) params.seed = /^\d+$/.test(seed) ? Number(seed) : seed;
  return { params, errors };
}

/** "limit 4 · batch size auto", for lists and details. */
export function describeParams(params: Record<string, unknown> | null | undefined): string {
  const labels: Record<string, string> = { limit: "limit", batchSize: "batch size", numFewshot: "few-shot", seed: "seed", executor: "runs on" };
  const parts = Object.entries(params ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${labels[k] ?? k} ${k === "executor" && isExecutor(v) ? EXECUTOR_WORDS[v] : typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return parts.join(" · ");
}
