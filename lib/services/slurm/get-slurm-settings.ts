import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { isSlurmConfigured, readSlurmSettings } from "./read-slurm-settings";
import type { SlurmSettings, SlurmSettingsDto } from "./schemas";

export function toSlurmSettingsDto(settings: SlurmSettings, dashboardCommand: string[]): SlurmSettingsDto {
  return { ...settings, configured: isSlurmConfigured(settings), effectiveLmmsEvalCommand: settings.lmmsEvalCommand ?? dashboardCommand };
}

/** Admins read the Slurm settings (they hold cluster account names and site paths, so not everyone's business). */
export function getSlurmSettings({ db, ctx, dashboardCommand = getConfig().lmmsEvalCommand }: { db: DB; ctx: ServiceContext; dashboardCommand?: string[] }): SlurmSettingsDto {
  authorize(ctx, can.manageSettings);
  return toSlurmSettingsDto(readSlurmSettings(db), dashboardCommand);
}
