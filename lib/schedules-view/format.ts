/** True for node-cron's 6-field form, whose first field is seconds. */
export const hasSecondsField = (cron: string) => cron.trim().split(/\s+/).length === 6;

/**
 * "2026-11-27 02:00 CET", or "2026-11-26 22:20:00 UTC" for schedules with a seconds field, so that a column of fire
 * times lines up (the service's formatter drops ":00" seconds, which is right for one time, ragged for a list).
 */
export function formatFireTime(iso: string, timezone: string, withSeconds: boolean): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hour12: false,
      timeZoneName: "short",
    }).formatToParts(new Date(iso));
  } catch {
    return iso;
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  // Some ICU versions render midnight as "24".
  const hour = get("hour") === "24" ? "00" : get("hour");
  return `${get("year")}-${get("month")}-${get("day")} ${hour}:${get("minute")}${withSeconds ? `:${get("second")}` : ""} ${get("timeZoneName")}`;
}
