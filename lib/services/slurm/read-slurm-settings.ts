import type { DbOrTx } from "@/db/client";
import { readSetting } from "@/lib/services/settings/settings-store";
import { runsDirIn } from "@/lib/run-folder";
import { DEFAULT_SLURM_SETTINGS, SLURM_SETTINGS_KEY, SlurmSettings } from "./schemas";

/** The stored Slurm settings, for the worker and for createRun (no authorisation: nothing here is returned to users). */
export function readSlurmSettings(db: DbOrTx): SlurmSettings {
  return readSetting(db, SLURM_SETTINGS_KEY, SlurmSettings, DEFAULT_SLURM_SETTINGS);
}

export function isSlurmConfigured(settings: SlurmSettings): boolean {
  return settings.sharedDir !== "";
}

/**
 * Where a Slurm run's files go and which command runs it: the run folder is `<shared>/runs/<id>/` (lmms-eval's
 * `--output_path` is its `output/`), the command the one set for the nodes or else the dashboard's. createRun uses it
 * for the command preview and the worker for the real argv, so both show the same paths.
 */
export function slurmPlacement(settings: SlurmSettings, dashboardCommand: string[]): { runsDir: string; lmmsEvalCommand: string[] } {
  if (!isSlurmConfigured(settings)) throw new Error("Slurm is not configured: an administrator must set a shared folder under Settings → Slurm");
  return { runsDir: runsDirIn(settings.sharedDir), lmmsEvalCommand: settings.lmmsEvalCommand ?? dashboardCommand };
}
