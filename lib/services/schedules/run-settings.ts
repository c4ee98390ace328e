import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { getConfig } from "@/lib/config";
import { maskKeyValueSecrets } from "@/lib/lmms-eval/command";
import { InvalidInputError } from "@/lib/services/errors";
import { CreateRunInput } from "@/lib/services/runs/create-run";
import { checkRunPaths } from "@/lib/services/tasks/run-paths";
import { getExecutorOptions } from "@/lib/services/slurm/get-executor-options";

/**
 * Checks the run settings a schedule or batch stores (`params`: lmms-eval parameters and `executor`) with the rules
 * createRun applies when the run is made, so a typo is refused when the schedule is saved rather than at 02:00.
 * Pure; returns field errors keyed `params.<name>`, empty when fine.
 */
export function checkRunParams(params: Record<string, unknown> | undefined): Record<string, string[]> {
  if (!params || Object.keys(params).length === 0) return {};
  const fields: Record<string, string[]> = {};
  // Stored settings are plain JSON every member reads and they run as whoever owns the schedule: credentials belong in
  // a model version (sealed, used only by the person who entered them) or the dashboard's own environment.
  if (params.env && typeof params.env === "object" && Object.keys(params.env).length) {
    fields["params.env"] = ["environment variables cannot be stored with a schedule, batch or model setting (they would not be encrypted); set them in the dashboard's own environment"];
  }
  for (const key of ["modelArgs", "genKwargs"] as const) {
    const text = params[key];
    if (typeof text === "string" && maskKeyValueSecrets(text) !== text) {
      fields[`params.${key}`] = [`credentials cannot be stored with a schedule, batch or model setting (they would not be encrypted); keep them in the model version`];
    }
  }
  // model and tasks are placeholders: only the parameters are being checked here.
  const result = CreateRunInput.safeParse({ ...params, model: "placeholder", tasks: ["placeholder"] });
  if (result.success) return fields;
  for (const issue of result.error.issues) {
    const key = `params.${issue.path.length ? String(issue.path[0]) : "_"}`;
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * checkRunParams, plus what depends on this dashboard's configuration: host paths inside the configured folders
 * (include paths, the response cache) and whether the chosen executor can be used now (Slurm chosen while it is not
 * configured is a field error). `path` prefixes the field names: `target.params` for schedules, `params` for
 * batches, `evaluateNewVersions.params` for a model. Throws InvalidInputError naming the first problem.
 */
export function checkRunSettings({ db, ctx, params, path }: { db: DB; ctx: ServiceContext; params: Record<string, unknown> | undefined; path: string }): void {
  const fields: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(checkRunParams(params))) fields[key.replace(/^params/, path)] = messages;
  if (params && !Object.keys(fields).some((key) => key === `${path}.includePath` || key === `${path}.useCache`)) {
    try {
      checkRunPaths(params as { includePath?: string; useCache?: string }, getConfig());
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      for (const [key, messages] of Object.entries(error.fields ?? {})) fields[`${path}.${key}`] = messages;
    }
  }
  if (params?.executor === "slurm" && !fields[`${path}.executor`] && !getExecutorOptions({ db, ctx }).slurmAvailable) {
    fields[`${path}.executor`] = ["Slurm is not configured: an administrator must set the shared folder under Settings → Slurm first, or choose this machine"];
  }
  const first = Object.values(fields)[0];
  if (first) throw new InvalidInputError(first[0], fields);
}
