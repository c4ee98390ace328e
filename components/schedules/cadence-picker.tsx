"use client";

import { useId } from "react";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { cadenceCron, switchCadence, WEEKDAYS, type Cadence, type CadenceKind } from "@/lib/schedules-view/presets";

const KINDS: ReadonlyArray<{ kind: CadenceKind; label: string }> = [
  { kind: "hourly", label: "Hourly" },
  { kind: "daily", label: "Daily" },
  { kind: "weekly", label: "Weekly" },
  { kind: "monthly", label: "Monthly" },
  { kind: "custom", label: "Custom" },
];

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * Hourly (at a minute), daily, weekly (days + time) and monthly (day + time) with real pickers; each change writes the
 * cron expression the form sends. "Custom" leaves the expression to the text field beside it. Times are in the
 * schedule's time zone.
 */
export function CadencePicker({ cadence, onChange }: { cadence: Cadence; onChange: (cadence: Cadence, cron: string | null) => void }) {
  const id = useId();
  const change = (next: Cadence) => onChange(next, cadenceCron(next));
  return (
    <div className="space-y-3" data-testid="cadence-picker">
      <fieldset>
        <legend className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">Repeat</legend>
        <div className="flex flex-wrap gap-2">
          {KINDS.map(({ kind, label }) => (
            <label
              key={kind}
              className={cn(
                "flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm",
                cadence.kind === kind ? "border-accent-500 bg-accent-50/70 dark:bg-accent-600/10" : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800/40",
              )}
            >
              <input type="radio" name={`${id}-kind`} value={kind} checked={cadence.kind === kind} onChange={() => change(switchCadence(cadence, kind))} className="h-3.5 w-3.5 accent-accent-600" />
              <span className="font-medium">{label}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {cadence.kind === "weekly" ? (
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">On</legend>
          <div className="flex flex-wrap gap-1.5">
            {WEEKDAYS.map((day) => {
              const on = cadence.days.includes(day.value);
              return (
                <label
                  key={day.value}
                  title={day.long}
                  className={cn(
                    "flex cursor-pointer items-center gap-1.5 rounded-md border px-2.5 py-1 text-sm",
                    on ? "border-accent-500 bg-accent-50/70 dark:bg-accent-600/10" : "border-zinc-200 dark:border-zinc-700",
                  )}
                >
                  <input
                    type="checkbox"
                    aria-label={day.long}
                    checked={on}
                    onChange={() => change({ ...cadence, days: on ? cadence.days.filter((d) => d !== day.value) : [...cadence.days, day.value] })}
                    className="h-3.5 w-3.5 accent-accent-600"
                  />
                  {day.short}
                </label>
              );
            })}
          </div>
          {cadence.days.length === 0 ? <p className="mt-1 text-xs text-red-600 dark:text-red-400">Pick at least one day.</p> : null}
        </fieldset>
      ) : null}

      {cadence.kind === "hourly" || cadence.kind === "daily" || cadence.kind === "weekly" || cadence.kind === "monthly" ? (
        <div className="flex flex-wrap items-end gap-3">
          {cadence.kind === "monthly" ? (
            <label className="space-y-1 text-sm">
              <span className="block font-medium text-zinc-700 dark:text-zinc-300">Day of the month</span>
              <Select aria-label="Day of the month" value={cadence.day} onChange={(e) => change({ ...cadence, day: Number(e.target.value) })} className="w-24">
                {Array.from({ length: 31 }, (_, i) => i + 1).map((day) => (
                  <option key={day} value={day}>
                    {day}
                  </option>
                ))}
              </Select>
            </label>
          ) : null}
          {cadence.kind === "hourly" ? (
            <label className="space-y-1 text-sm">
              <span className="block font-medium text-zinc-700 dark:text-zinc-300">At minute</span>
              <Select aria-label="At minute" value={cadence.minute} onChange={(e) => change({ ...cadence, minute: Number(e.target.value) })} className="w-24">
                {Array.from({ length: 60 }, (_, i) => i).map((minute) => (
                  <option key={minute} value={minute}>
                    :{pad(minute)}
                  </option>
                ))}
              </Select>
            </label>
          ) : (
            <label className="space-y-1 text-sm">
              <span className="block font-medium text-zinc-700 dark:text-zinc-300">At</span>
              <input
                type="time"
                aria-label="Time of day"
                required
                value={`${pad(cadence.hour)}:${pad(cadence.minute)}`}
                onChange={(e) => {
                  const [hour, minute] = e.target.value.split(":").map(Number);
                  if (Number.isInteger(hour) && Number.isInteger(minute)) change({ ...cadence, hour, minute });
                }}
                className="block h-9 rounded-md border border-zinc-300 bg-white px-3 text-sm tabular-nums dark:border-zinc-700 dark:bg-zinc-900"
              />
            </label>
          )}
          {cadence.kind === "monthly" && cadence.day > 28 ? <p className="pb-2 text-xs text-zinc-500">Months without day {cadence.day} are skipped.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
