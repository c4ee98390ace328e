/** Cadence presets of the schedule form: each fills the cron field; anything else is "custom". */
export type PresetId = "hourly" | "nightly" | "weekly" | "custom";

export const CRON_PRESETS: ReadonlyArray<{ id: Exclude<PresetId, "custom">; label: string; cron: string; hint: string }> = [
  { id: "hourly", label: "Hourly", cron: "0 * * * *", hint: "at minute 0 of every hour" },
  { id: "nightly", label: "Nightly", cron: "0 2 * * *", hint: "every day at 02:00" },
  { id: "weekly", label: "Weekly", cron: "0 2 * * 1", hint: "Mondays at 02:00" },
];

const normalise = (cron: string) => cron.trim().split(/\s+/).join(" ");

/** Which preset a cron expression is (whitespace-insensitive), or "custom". */
export function presetOf(cron: string): PresetId {
  const wanted = normalise(cron);
  return CRON_PRESETS.find((p) => p.cron === wanted)?.id ?? "custom";
}

export function presetCron(id: PresetId): string | null {
  return CRON_PRESETS.find((p) => p.id === id)?.cron ?? null;
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
