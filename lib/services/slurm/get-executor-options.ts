import type { DB } from "@/db/client";
import type { Executor } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { isSlurmConfigured, readSlurmSettings } from "./read-slurm-settings";

export type ExecutorOptions = {
  /** Slurm is configured (a shared folder is set), so a launch may choose it. */
  slurmAvailable: boolean;
  /** What a launch gets when it does not choose. */
  defaultExecutor: Executor;
};

/** For the new-run form (anyone who may launch): whether to offer Slurm, and which executor to preselect. */
export function getExecutorOptions({ db, ctx }: { db: DB; ctx: ServiceContext }): ExecutorOptions {
  authorize(ctx, can.launchRun);
  const settings = readSlurmSettings(db);
  const slurmAvailable = isSlurmConfigured(settings);
  return { slurmAvailable, defaultExecutor: slurmAvailable ? settings.defaultExecutor : "local" };
}
