/**
 * The audit view's filters as they live in the URL (`/settings/audit?user=ana&action=user.sign_in&object=run:12&
 * from=2026-03-01&to=2026-03-31&cursor=420`); the same names are the export's (`/api/v1/audit?…&format=csv`).
 * Parsing keeps whatever is there as text: the service validates and says what is wrong with it.
 */
export const AUDIT_FILTER_KEYS = ["user", "action", "object", "from", "to"] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];
export type AuditViewFilter = Partial<Record<AuditFilterKey, string>>;
export type AuditViewPage = AuditViewFilter & { cursor?: string; after?: string };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();

export function parseAuditPage(params: SearchParams): AuditViewPage {
  const page: AuditViewPage = {};
  for (const key of [...AUDIT_FILTER_KEYS, "cursor", "after"] as const) {
    const value = first(params[key]);
    if (value) page[key] = value;
  }
  return page;
}

export function filterOf(page: AuditViewPage): AuditViewFilter {
  return Object.fromEntries(AUDIT_FILTER_KEYS.filter((key) => page[key]).map((key) => [key, page[key]]));
}

export function hasAuditFilters(page: AuditViewPage): boolean {
  return AUDIT_FILTER_KEYS.some((key) => page[key]);
}

function query(values: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) q.set(key, value);
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** The view with these filters, on the page older than `cursor` or newer than `after` (or the newest page). */
export function auditViewHref(filter: AuditViewFilter, position: { cursor?: number; after?: number } = {}): string {
  return `/settings/audit${query({ ...filter, cursor: position.cursor ? String(position.cursor) : undefined, after: position.after ? String(position.after) : undefined })}`;
}

/** Every entry matching the filters (not just this page) as a download. */
export function auditExportHref(filter: AuditViewFilter, format: "csv" | "json"): string {
  return `/api/v1/audit${query({ ...filter, format })}`;
}
