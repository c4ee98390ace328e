/**
 * The models list's filters as they live in the URL (`/models?q=qwen&tag=vlm&status=all`). Forgiving like the runs
 * list: a hand-edited or stale URL drops the bad part instead of failing the page.
 */
export const MODEL_LIST_STATUSES = ["active", "archived", "all"] as const;
export type ModelListStatus = (typeof MODEL_LIST_STATUSES)[number];

export type ModelsFilter = { q: string; tag: string; status: ModelListStatus };

type SearchParams = Record<string, string | string[] | undefined>;

export const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();

export function parseModelsFilter(params: SearchParams): ModelsFilter {
  const status = first(params.status);
  return {
    q: first(params.q).slice(0, 200),
    tag: first(params.tag).slice(0, 40),
    status: (MODEL_LIST_STATUSES as readonly string[]).includes(status) ? (status as ModelListStatus) : "active",
  };
}

/** `?…` (or "") with the default status and empty fields left out. */
export function modelsQueryString(filter: ModelsFilter): string {
  const q = new URLSearchParams();
  if (filter.q) q.set("q", filter.q);
  if (filter.tag) q.set("tag", filter.tag);
  if (filter.status !== "active") q.set("status", filter.status);
  const text = q.toString();
  return text ? `?${text}` : "";
}

export function hasModelFilters(filter: ModelsFilter): boolean {
  return Boolean(filter.q || filter.tag) || filter.status !== "active";
}

/** "vlm, 7b ,, vlm" → ["vlm", "7b"]: the form's one text field for tags. */
export function parseTagsText(text: string): string[] {
  return [...new Set(text.split(",").map((t) => t.trim()).filter(Boolean))];
}

/** A positive integer id from a URL parameter, or null. */
export function positiveId(value: string | string[] | undefined): number | null {
  const text = first(value);
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : null;
}
