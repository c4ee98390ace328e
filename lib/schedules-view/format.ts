import { formatInZone } from "@/lib/format";

/** True for node-cron's 6-field form, whose first field is seconds. */
export const hasSecondsField = (cron: string) => cron.trim().split(/\s+/).length === 6;

/**
 * "2026-11-27 02:00 CET", or "2026-11-26 22:20:00 UTC" for schedules with a seconds field, so that a column of fire
 * times lines up. An unknown zone shows the ISO time rather than failing the page.
 */
export function formatFireTime(iso: string, timezone: string, withSeconds: boolean): string {
  try {
    return formatInZone(new Date(iso), timezone, withSeconds ? "always" : "when-set");
  } catch {
    return iso;
  }
}
