/** Shared display formatting; dates are shown in UTC with an explicit marker so every viewer sees the same value. */
export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, "0")}m`;
}

/**
 * A time in an IANA zone, e.g. "2026-11-27 02:00 CET". Seconds are shown when they are not ":00", or always (`seconds:
 * "always"`) so that a column of times with a seconds field lines up.
 */
export function formatInZone(date: Date, timezone: string, seconds: "always" | "when-set" = "when-set"): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZoneName: "short",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  // Some ICU versions render midnight as "24".
  const hour = get("hour") === "24" ? "00" : get("hour");
  const second = seconds === "always" || get("second") !== "00" ? `:${get("second")}` : "";
  return `${get("year")}-${get("month")}-${get("day")} ${hour}:${get("minute")}${second} ${get("timeZoneName")}`;
}

/** "just now", "4 min ago", "3 h ago", "2 d ago", then the date. */
export function timeAgo(iso: string, now: number): string {
  const then = new Date(iso).getTime();
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 14) return `${d} d ago`;
  return new Date(iso).toISOString().slice(0, 10);
}
