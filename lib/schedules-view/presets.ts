/**
 * The schedule form's cadence builder: hourly (at a minute), daily, weekly (on chosen days) and monthly (on a day of
 * the month), each at a time — turned into a 5-field cron expression and read back from one. Any other expression
 * (seconds field, steps, ranges of hours…) is "custom" and edited as text.
 */
export type Cadence =
  | { kind: "hourly"; minute: number }
  | { kind: "daily"; hour: number; minute: number }
  | { kind: "weekly"; days: number[]; hour: number; minute: number }
  | { kind: "monthly"; day: number; hour: number; minute: number }
  | { kind: "custom" };

export type CadenceKind = Cadence["kind"];

/** Weekdays as cron numbers them (0 = Sunday), in the order a week is shown: Monday first. */
export const WEEKDAYS: ReadonlyArray<{ value: number; short: string; long: string }> = [
  { value: 1, short: "Mon", long: "Monday" },
  { value: 2, short: "Tue", long: "Tuesday" },
  { value: 3, short: "Wed", long: "Wednesday" },
  { value: 4, short: "Thu", long: "Thursday" },
  { value: 5, short: "Fri", long: "Friday" },
  { value: 6, short: "Sat", long: "Saturday" },
  { value: 0, short: "Sun", long: "Sunday" },
];

/** Where a switch of kind starts: the time of the current cadence, else 02:00 (a quiet hour for a lab's GPUs). */
export function switchCadence(current: Cadence, kind: CadenceKind): Cadence {
  const hour = "hour" in current ? current.hour : 2;
  const minute = "minute" in current ? current.minute : 0;
  switch (kind) {
    case "hourly":
      return { kind, minute };
    case "daily":
      return { kind, hour, minute };
    case "weekly":
      return { kind, days: current.kind === "weekly" ? current.days : [1], hour, minute };
    case "monthly":
      return { kind, day: current.kind === "monthly" ? current.day : 1, hour, minute };
    case "custom":
      return { kind };
  }
}

/** The cron expression of a cadence; null for "custom" (its text is the expression) and for a week without days. */
export function cadenceCron(cadence: Cadence): string | null {
  switch (cadence.kind) {
    case "hourly":
      return `${cadence.minute} * * * *`;
    case "daily":
      return `${cadence.minute} ${cadence.hour} * * *`;
    case "weekly": {
      const days = [...new Set(cadence.days)].sort((a, b) => a - b);
      return days.length ? `${cadence.minute} ${cadence.hour} * * ${days.join(",")}` : null;
    }
    case "monthly":
      return `${cadence.minute} ${cadence.hour} ${cadence.day} * *`;
    case "custom":
      return null;
  }
}

const whole = (text: string, min: number, max: number): number | null => (/^\d{1,2}$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : null);

/** Weekday field: numbers, lists and ranges of 0–7 (7 is Sunday too); names and steps are left to "custom". */
function weekdays(field: string): number[] | null {
  const days = new Set<number>();
  for (const part of field.split(",")) {
    const range = /^(\d)-(\d)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > to || to > 7) return null;
      for (let d = from; d <= to; d++) days.add(d % 7);
    } else {
      const day = whole(part, 0, 7);
      if (day === null) return null;
      days.add(day % 7);
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** Reads a cron expression back into the builder, or "custom" when the builder cannot show it. */
export function cadenceOf(cron: string): Cadence {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return { kind: "custom" };
  const [minuteField, hourField, domField, monthField, dowField] = fields;
  const minute = whole(minuteField, 0, 59);
  if (minute === null || monthField !== "*") return { kind: "custom" };
  if (hourField === "*") return domField === "*" && dowField === "*" ? { kind: "hourly", minute } : { kind: "custom" };
  const hour = whole(hourField, 0, 23);
  if (hour === null) return { kind: "custom" };
  if (domField === "*" && dowField === "*") return { kind: "daily", hour, minute };
  if (domField === "*") {
    const days = weekdays(dowField);
    return days?.length ? { kind: "weekly", days, hour, minute } : { kind: "custom" };
  }
  const day = whole(domField, 1, 31);
  return day !== null && dowField === "*" ? { kind: "monthly", day, hour, minute } : { kind: "custom" };
}

/** One line per policy, shown next to the choice (the form) and in the schedule's details. */
export const OVERLAP_HELP: Record<"skip" | "queue", { label: string; help: string }> = {
  skip: { label: "Skip", help: "If the previous firing's runs are still queued or running, this firing is skipped (and recorded as skipped)." },
  queue: { label: "Queue", help: "Always start new runs; they wait in the run queue behind the previous ones." },
};

export const MISFIRE_HELP: Record<"skip" | "run_once", { label: string; help: string }> = {
  skip: { label: "Skip", help: "Fire times missed while the worker was down are not made up." },
  run_once: { label: "Run once", help: "When the worker starts again, the latest missed fire time runs once (never more)." },
};
