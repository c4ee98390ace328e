/** The IANA zones this JavaScript engine knows, UTC first (V8 leaves "UTC" out of supportedValuesOf). */
export function listTimezones(): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  } catch {
    zones = [];
  }
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}

/** The viewer's own zone, or UTC when the browser does not say. */
export function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

const fold = (s: string) => s.toLowerCase().replace(/_/g, " ");

/**
 * Zones matching what the user typed, best first: exact name, then a path segment ("berlin" → Europe/Berlin) or the
 * whole name starting with the query, then anywhere. Underscores match spaces ("new york").
 */
export function searchTimezones(zones: readonly string[], query: string, limit = 50): string[] {
  const q = fold(query.trim());
  if (!q) return zones.slice(0, limit);
  const ranked: Array<[number, string]> = [];
  for (const zone of zones) {
    const name = fold(zone);
    let rank: number;
    if (name === q) rank = 0;
    else if (name.startsWith(q) || name.split("/").some((part) => part.startsWith(q))) rank = 1;
    else if (name.includes(q)) rank = 2;
    else continue;
    ranked.push([rank, zone]);
  }
  ranked.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  return ranked.slice(0, limit).map(([, zone]) => zone);
}

/** The canonical spelling of a typed zone ("europe/berlin" → "Europe/Berlin"), or the text as typed if unknown. */
export function canonicalZone(zones: readonly string[], typed: string): string {
  const wanted = typed.trim().toLowerCase();
  return zones.find((z) => z.toLowerCase() === wanted) ?? typed.trim();
}
