import { first, type SearchParams } from "./board-url";

/** `/compare/runs?runs=3,5,9&reference=5`: the runs in the order given (duplicates and junk dropped). */
export type RunsView = { runs: number[]; reference: number | null };

const id = (text: string | undefined): number | null => (text && /^\d{1,12}$/.test(text.trim()) && Number(text) > 0 ? Number(text) : null);

export function parseRunsView(params: SearchParams): RunsView {
  const runs = [...new Set((first(params.runs) ?? "").split(",").map((s) => id(s)).filter((n): n is number => n !== null))].slice(0, 20);
  const reference = id(first(params.reference));
  return { runs, reference: reference !== null && runs.includes(reference) ? reference : null };
}

export function runsHref(view: RunsView): string {
  if (view.runs.length === 0) return "/compare/runs";
  const reference = view.reference !== null && view.runs.includes(view.reference) ? `&reference=${view.reference}` : "";
  return `/compare/runs?runs=${view.runs.join(",")}${reference}`;
}

export function addRun(view: RunsView, runId: number): RunsView {
  return view.runs.includes(runId) ? view : { ...view, runs: [...view.runs, runId] };
}

/** Removing the reference hands the role to the first remaining run. */
export function removeRun(view: RunsView, runId: number): RunsView {
  const runs = view.runs.filter((r) => r !== runId);
  return { runs, reference: view.reference === runId ? (runs[0] ?? null) : view.reference };
}

export function setReference(view: RunsView, runId: number): RunsView {
  return view.runs.includes(runId) ? { ...view, reference: runId } : view;
}

// ------------------------------------------------------------------------------------------------- sample diff

export const BUCKET_ORDER = ["fixed", "broken", "both_wrong", "both_right"] as const;
export type BucketName = (typeof BUCKET_ORDER)[number];

export const BUCKET_INFO: Record<BucketName, { title: string; description: string; tone: "green" | "red" | "neutral" | "amber" }> = {
  fixed: { title: "Fixed", description: "wrong in the base run, right in the other", tone: "green" },
  broken: { title: "Broken", description: "right in the base run, wrong in the other", tone: "red" },
  both_wrong: { title: "Both wrong", description: "wrong in both runs", tone: "amber" },
  both_right: { title: "Both right", description: "right in both runs", tone: "neutral" },
};

export type SamplesView = { base: number | null; other: number | null; task: string; bucket: BucketName | null; cursor: number | null; doc: number | null };

export function parseSamplesView(params: SearchParams): SamplesView {
  const bucket = first(params.bucket);
  const cursor = first(params.cursor);
  const doc = first(params.doc);
  return {
    base: id(first(params.base)),
    other: id(first(params.other)),
    task: (first(params.task) ?? "").trim().slice(0, 300),
    bucket: (BUCKET_ORDER as readonly string[]).includes(bucket ?? "") ? (bucket as BucketName) : null,
    cursor: cursor !== undefined && /^-?\d{1,12}$/.test(cursor) && Number(cursor) >= -1 ? Number(cursor) : null,
    doc: doc !== undefined && /^\d{1,12}$/.test(doc) ? Number(doc) : null,
  };
}

export function samplesHref(view: Partial<SamplesView> & { base: number | null; other: number | null; task: string }): string {
  const parts: string[] = [];
  if (view.base !== null) parts.push(`base=${view.base}`);
  if (view.other !== null) parts.push(`other=${view.other}`);
  if (view.task) parts.push(`task=${encodeURIComponent(view.task)}`);
  if (view.bucket) parts.push(`bucket=${view.bucket}`);
  if (view.cursor !== null && view.cursor !== undefined) parts.push(`cursor=${view.cursor}`);
  if (view.doc !== null && view.doc !== undefined) parts.push(`doc=${view.doc}`);
  return `/compare/samples${parts.length ? `?${parts.join("&")}` : ""}`;
}

// ---------------------------------------------------------------------------------------- benchmark correlation

export type BenchmarksView = { a: string; b: string; rows: "version" | "model" };

export function parseBenchmarksView(params: SearchParams): BenchmarksView {
  const key = (v: string | undefined) => (v && v.split("|").length === 3 ? v : "");
  return { a: key(first(params.a)), b: key(first(params.b)), rows: first(params.rows) === "model" ? "model" : "version" };
}

export function benchmarksHref(view: BenchmarksView): string {
  const enc = (v: string) => encodeURIComponent(v).replaceAll("%7C", "|");
  const parts = [view.a ? `a=${enc(view.a)}` : null, view.b ? `b=${enc(view.b)}` : null, view.rows === "model" ? "rows=model" : null].filter(Boolean);
  return `/compare/benchmarks${parts.length ? `?${parts.join("&")}` : ""}`;
}
