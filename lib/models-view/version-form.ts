/**
 * Pure helpers for the version forms: the next label to suggest when copying a version, and which fields an edit
 * really changes (a masked `***` that was left alone must never be sent back as the new value).
 */

/** "v1" → "v2", "sft-v1.9" → "sft-v1.10", "base" → "base-2"; never one of `existing` (compared case-insensitively). */
export function suggestNextLabel(from: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((l) => l.toLowerCase()));
  const match = /^(.*?)(\d+)(\D*)$/.exec(from);
  const make = (n: number) => (match ? `${match[1]}${n}${match[3]}` : `${from}-${n}`);
  let n = match ? Number(match[2]) + 1 : 2;
  for (let tries = 0; tries < 10_000; tries++, n++) {
    const label = make(n);
    if (!taken.has(label.toLowerCase())) return label;
  }
  return `${from}-copy`;
}

export const VERSION_EDIT_FIELDS = ["label", "backend", "modelArgs", "genKwargs", "notes", "parentVersionId", "parentRelation", "status"] as const;
export type VersionEditField = (typeof VERSION_EDIT_FIELDS)[number];
/** What a run freezes: lib/services/models/schemas.ts CONFIG_FIELDS (the relation's wording stays editable). */
export const FROZEN_FIELDS: ReadonlySet<VersionEditField> = new Set(["label", "backend", "modelArgs", "genKwargs", "parentVersionId"]);

export type VersionEditValues = Record<VersionEditField, string>;

/** The fields whose submitted value differs from what the form opened with (trimmed where the server trims). */
export function changedFields(initial: VersionEditValues, submitted: Partial<VersionEditValues>): VersionEditField[] {
  const norm = (field: VersionEditField, value: string) => (field === "notes" || field === "modelArgs" || field === "genKwargs" ? value : value.trim());
  return VERSION_EDIT_FIELDS.filter((f) => submitted[f] !== undefined && norm(f, submitted[f]!) !== norm(f, initial[f]));
}

/** `runCount` counts the runs the reader may see; a version used only by others' private runs is frozen all the same. */
export function lockedReason(runCount: number): string {
  return `${runCount ? `Used by ${runCount} run${runCount === 1 ? "" : "s"}` : "Used by runs"}: the label, backend, model args, gen kwargs and parent are frozen so earlier results keep meaning what they meant. Notes and status can still change.`;
}
