import fs from "node:fs";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { writeAudit } from "@/lib/services/audit";
import { InvalidInputError } from "@/lib/services/errors";
import { writeSetting } from "@/lib/services/settings/settings-store";
import { parseInput } from "@/lib/services/validate";
import { toSlurmSettingsDto } from "./get-slurm-settings";
import { SLURM_SETTINGS_KEY, SlurmSettingsInput, type SlurmSettings, type SlurmSettingsDto } from "./schemas";

/** The shared folder must exist here and be writable: the worker creates each run's folder in it before sbatch. */
export function sharedFolderProblem(dir: string): string | null {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) return `${dir} does not exist on the dashboard host`;
  if (!stat.isDirectory()) return `${dir} is not a folder`;
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    return `${dir} is not writable by the dashboard's worker`;
  }
  return null;
}

/** Admin replaces the Slurm settings (fields left out take their defaults); audited in the same transaction. */
export function updateSlurmSettings({
  db,
  ctx,
  input,
  dashboardCommand = getConfig().lmmsEvalCommand,
}: {
  db: DB;
  ctx: ServiceContext;
  input: unknown;
  dashboardCommand?: string[];
}): SlurmSettingsDto {
  authorize(ctx, can.manageSettings);
  const data: SlurmSettings = parseInput(SlurmSettingsInput, input);
  if (data.sharedDir !== "") {
    const problem = sharedFolderProblem(data.sharedDir);
    if (problem) throw new InvalidInputError(`Shared folder: ${problem}`, { sharedDir: [`${problem}. It must be an existing folder that the compute nodes see at the same path.`] });
  }
  db.transaction((tx) => {
    writeSetting(tx, SLURM_SETTINGS_KEY, data);
    writeAudit(tx, ctx, {
      action: "settings.slurm",
      targetType: "settings",
      targetId: SLURM_SETTINGS_KEY,
      detail: { defaultExecutor: data.defaultExecutor, sharedDir: data.sharedDir, partition: data.partition, timeLimit: data.timeLimit, gpusPerRun: data.gpusPerRun },
    });
  });
  return toSlurmSettingsDto(data, dashboardCommand);
}
