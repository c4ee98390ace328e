import type { RunStatus } from "@/db/schema";
import type { RunDto } from "@/lib/services/runs/run-dto";

// db/schema's statuses, repeated so that client bundles do not pull in Drizzle's table definitions; a Record over the
// union fails to compile if the schema gains or loses a status.
const STATUS_KEYS: Record<RunStatus, true> = { queued: true, running: true, succeeded: true, failed: true, cancelled: true };
export const RUN_STATUSES = Object.keys(STATUS_KEYS) as RunStatus[];

/**
 * The runs list's filters as they live in the URL (`/runs?status=queued,running&model=qwen&task=mme&user=3&cursor=120`).
 * Parsing is forgiving on purpose: a hand-edited or stale URL drops the bad part instead of failing the page.
 */
export type RunsFilter = {
  status: RunStatus[];
  model: string;
  task: string;
  user: number | null;
};

export type RunsPage = RunsFilter & { cursor: number | null };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();

const positiveInt = (value: string): number | null => (/^[1-9]\d{0,15}$/.test(value) ? Number(value) : null);

export function parseRunsPage(params: SearchParams): RunsPage {
  const statuses = first(params.status)
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is RunStatus => Object.hasOwn(STATUS_KEYS, s));
  return {
    status: [...new Set(statuses)],
    model: first(params.model).slice(0, 200),
    task: first(params.task).slice(0, 200),
    user: positiveInt(first(params.user)),
    cursor: positiveInt(first(params.cursor)),
  };
}

/** The query string (with `?`, or "" when empty) for a filter and optional cursor; empty fields are left out. */
export function runsQueryString(filter: RunsFilter, cursor?: number | null): string {
  const q = new URLSearchParams();
  if (filter.status.length) q.set("status", filter.status.join(","));
  if (filter.model) q.set("model", filter.model);
  if (filter.task) q.set("task", filter.task);
  if (filter.user) q.set("user", String(filter.user));
  if (cursor) q.set("cursor", String(cursor));
  const text = q.toString().replace(/%2C/g, ",");
  return text ? `?${text}` : "";
}

export function hasFilters(filter: RunsFilter): boolean {
  return filter.status.length > 0 || Boolean(filter.model) || Boolean(filter.task) || filter.user !== null;
}

/** The input `listRuns` expects (it validates again; this only omits what is unset). */
export function toListRunsInput(page: RunsPage, limit: number): Record<string, string | number> {
  const input: Record<string, string | number> = { limit };
  if (page.status.length) input.status = page.status.join(",");
  if (page.model) input.model = page.model;
  if (page.task) input.task = page.task;
  if (page.user) input.user = page.user;
  if (page.cursor) input.cursor = page.cursor;
  return input;
}

/**
 * Whether a run that appears live belongs in the filtered list, mirroring listRuns' SQL: status in the list, model
 * LIKE %text% (SQLite's LIKE ignores ASCII case), task an exact member of the run's tasks, creator id.
 */
export function runMatchesFilter(run: Pick<RunDto, "status" | "model" | "tasks" | "createdBy">, filter: RunsFilter): boolean {
  if (filter.status.length && !filter.status.includes(run.status)) return false;
  if (filter.model && !run.model.toLowerCase().includes(filter.model.toLowerCase())) return false;
  if (filter.task && !run.tasks.includes(filter.task)) return false;
  if (filter.user !== null && run.createdBy?.id !== filter.user) return false;
  return true;
}

/** Choices for the status filter: single statuses plus "active" (queued + running), the one people look for. */
export const STATUS_CHOICES: Array<{ value: string; label: string }> = [
  { value: "", label: "Any status" },
  { value: "queued,running", label: "Active" },
  ...RUN_STATUSES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) })),
];

/** Rows per page of the runs list (server render and live refetch use the same number). */
export const RUNS_PAGE_SIZE = 50;
