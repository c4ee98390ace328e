import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";
import cron from "node-cron";

/** node-cron syntax: 5 fields, or 6 with a leading seconds field. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return `a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; this one has ${fields.length}`;
  if (!cron.validate(expression.trim())) return `"${expression}" is not a valid cron expression`;
  try {
    CronExpressionParser.parse(expression.trim());
  } catch (error) {
    return `"${expression}" is not a valid cron expression (${(error as Error).message})`;
  }
  return null;
}

export function timezoneProblem(timezone: string): string | null {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return null;
  } catch {
    return `"${timezone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)`;
  }
}

/** The zone's canonical spelling ("europe/berlin" → "Europe/Berlin"), so schedules store and show one name per zone. */
export function canonicalTimezone(timezone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: timezone }).resolvedOptions().timeZone;
}

/** The next `count` fire times after `from`, in the schedule's time zone (DST handled by cron-parser). */
export function nextFireTimes(expression: string, timezone: string, count = 5, from = new Date()): Date[] {
  const iterator = CronExpressionParser.parse(expression.trim(), { tz: timezone, currentDate: from });
  return Array.from({ length: count }, () => iterator.next().toDate());
}

/** How late a node-cron callback may run and still count for its slot (a blocked event loop, a slow disk). */
export const SLOT_TOLERANCE_MS = 60_000;

/**
 * The nominal slot a callback at `at` belongs to: the last fire time in (at − tolerance, at], computed forward with
 * next() so that it agrees with nextFireTimes. On the night clocks fall back, 02:00 happens twice but is one slot:
 * the second 02:00 maps to no slot and fires nothing. Null when `at` is not near a slot.
 */
export function slotFor(expression: string, timezone: string, at: Date, toleranceMs = SLOT_TOLERANCE_MS): Date | null {
  const iterator = CronExpressionParser.parse(expression.trim(), { tz: timezone, currentDate: new Date(at.getTime() - toleranceMs) });
  let slot: Date | null = null;
  for (;;) {
    const candidate = iterator.next().toDate();
    if (candidate.getTime() > at.getTime()) return slot;
    slot = candidate;
  }
}

/** The most recent slot strictly before `at` (misfire policy after downtime), consistent with nextFireTimes. */
export function lastSlotBefore(expression: string, timezone: string, at: Date): Date | null {
  const parse = (from: Date) => CronExpressionParser.parse(expression.trim(), { tz: timezone, currentDate: from });
  // prev() can land on a DST artefact; step back from it and walk forward with next(), which nextFireTimes uses too.
  const start = parse(parse(at).prev().toDate()).prev().toDate();
  const iterator = parse(new Date(start.getTime() - 1));
  let last: Date | null = null;
  for (;;) {
    const candidate = iterator.next().toDate();
    if (candidate.getTime() >= at.getTime()) return last;
    last = candidate;
  }
}

/** "At 02:00, every day (Europe/Berlin)" — human-readable cadence for lists and the form. */
export function describeCron(expression: string, timezone: string): string {
  try {
    const text = cronstrue.toString(expression.trim(), { use24HourTimeFormat: true, verbose: true });
    return `${text} (${timezone})`;
  } catch {
    return expression;
  }
}
