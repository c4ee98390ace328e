import { COMMENT_LABELS, type CommentLabel } from "@/lib/comments-view/rules";

/**
 * The samples browser keeps its whole view in the URL (`?task=&correct=&failed=&category=&label=&q=&doc=&cursor=`) so a
 * view can be shared, reloaded and navigated with Back. Parsing is lenient: a bad value is dropped, not an error.
 */
export type TriState = "true" | "false" | "any";

export type SamplesViewState = {
  task: string | null;
  correct: TriState;
  failed: TriState;
  category: string | null;
  /** Only samples someone labelled in a comment ("label error", …). */
  label: CommentLabel | null;
  q: string | null;
  /** Jump target: the listing starts at this doc_id. */
  doc: number | null;
  /** Keyset cursor: the last doc_id of the previous page. */
  cursor: number | null;
};

export type ShowMode = "all" | "correct" | "incorrect" | "failed";

export const EMPTY_VIEW: SamplesViewState = { task: null, correct: "any", failed: "any", category: null, label: null, q: null, doc: null, cursor: null };

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

function first(params: RawParams, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

const tri = (v: string | undefined): TriState => (v === "true" || v === "false" ? v : "any");

function wholeNumber(v: string | undefined, min: number): number | null {
  if (v === undefined || !/^-?\d{1,15}$/.test(v.trim())) return null;
  const n = Number(v);
  return n >= min ? n : null;
}

function text(v: string | undefined, max: number): string | null {
  const t = v?.trim();
  return t ? t.slice(0, max) : null;
}

export function parseSamplesView(params: RawParams): SamplesViewState {
  return {
    task: text(first(params, "task"), 200),
    correct: tri(first(params, "correct")),
    failed: tri(first(params, "failed")),
    category: text(first(params, "category"), 200),
    label: COMMENT_LABELS.find((l) => l === first(params, "label")) ?? null,
    q: text(first(params, "q"), 500),
    doc: wholeNumber(first(params, "doc"), 0),
    cursor: wholeNumber(first(params, "cursor"), -1),
  };
}

/** Query string for a view (defaults omitted, stable key order), with a leading `?` or empty. */
export function samplesQuery(state: SamplesViewState): string {
  const p = new URLSearchParams();
  if (state.task) p.set("task", state.task);
  if (state.correct !== "any") p.set("correct", state.correct);
  if (state.failed !== "any") p.set("failed", state.failed);
  if (state.category) p.set("category", state.category);
  if (state.label) p.set("label", state.label);
  if (state.q) p.set("q", state.q);
  if (state.doc !== null) p.set("doc", String(state.doc));
  if (state.cursor !== null) p.set("cursor", String(state.cursor));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/**
 * A new view from the current one. Any change of filter starts again at the first page (a cursor belongs to the
 * filter it was computed for); changing task also drops the category, which belongs to the task.
 */
export function updateView(state: SamplesViewState, patch: Partial<SamplesViewState>): SamplesViewState {
  const next = { ...state, ...patch };
  if (!("cursor" in patch)) next.cursor = null;
  if ("task" in patch && patch.task !== state.task && !("category" in patch)) next.category = null;
  if ("task" in patch && patch.task !== state.task && !("doc" in patch)) next.doc = null;
  return next;
}

export function showModeOf(state: Pick<SamplesViewState, "correct" | "failed">): ShowMode {
  if (state.failed === "true") return "failed";
  if (state.correct === "true") return "correct";
  if (state.correct === "false") return "incorrect";
  return "all";
}

export function showModePatch(mode: ShowMode): Pick<SamplesViewState, "correct" | "failed"> {
  switch (mode) {
    case "correct":
      return { correct: "true", failed: "any" };
    case "incorrect":
      return { correct: "false", failed: "any" };
    case "failed":
      return { correct: "any", failed: "true" };
    default:
      return { correct: "any", failed: "any" };
  }
}

/** The service filter for a page of this view (`listSamples` input). */
export function toSampleFilter(state: SamplesViewState, task: string, limit: number) {
  return {
    task,
    correct: state.correct,
    failed: state.failed,
    ...(state.q ? { q: state.q } : {}),
    ...(state.category ? { category: state.category } : {}),
    ...(state.label ? { label: state.label } : {}),
    ...(state.doc !== null ? { docId: state.doc } : {}),
    ...(state.cursor !== null ? { cursor: state.cursor } : {}),
    limit,
  };
}

/** The download URL of the filtered view (every page, not just this one). */
export function exportHref(runId: number, state: SamplesViewState, task: string, format: "jsonl" | "csv"): string {
  const p = new URLSearchParams({ format, task });
  if (state.correct !== "any") p.set("correct", state.correct);
  if (state.failed !== "any") p.set("failed", state.failed);
  if (state.category) p.set("category", state.category);
  if (state.label) p.set("label", state.label);
  if (state.q) p.set("q", state.q);
  if (state.doc !== null) p.set("docId", String(state.doc));
  return `/api/v1/runs/${runId}/samples/export?${p.toString()}`;
}
