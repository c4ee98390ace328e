import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { InvalidInputError } from "@/lib/services/errors";
import { CreateRunInput } from "@/lib/services/runs/create-run";
import { getExecutorOptions } from "@/lib/services/slurm/get-executor-options";

/**
 * Checks the run settings a schedule or batch stores (`params`: lmms-eval parameters and `executor`) with the rules
 * createRun applies when the run is made, so a typo is refused when the schedule is saved rather than at 02:00.
 * Pure; returns field errors keyed `params.<name>`, empty when fine.
 */
export function checkRunParams(params: Record<string, unknown> | undefined): Record<string, string[]> {
  if (!params || Object.keys(params).length === 0) return {};
  // model and tasks are placeholders: only the parameters are being checked here.
  const result = CreateRunInput.safeParse({ ...params, model: "placeholder", tasks: ["placeholder"] });
  if (result.success) return {};
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = `params.${issue.path.length ? String(issue.path[0]) : "_"}`;
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * checkRunParams, plus whether the chosen executor can be used on this dashboard now (Slurm chosen while it is not
 * configured is a field error). `path` prefixes the field names: `target.params` for schedules, `params` for
 * batches, `evaluateNewVersions.params` for a model. Throws InvalidInputError naming the first problem.
 */
export function checkRunSettings({ db, ctx, params, path }: { db: DB; ctx: ServiceContext; params: Record<string, unknown> | undefined; path: string }): void {
  const fields: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(checkRunParams(params))) fields[key.replace(/^params/, path)] = messages;
  if (params?.executor === "slurm" && !fields[`${path}.executor`] && !getExecutorOptions({ db, ctx }).slurmAvailable) {
    fields[`${path}.executor`] = ["Slurm is not configured: an administrator must set the shared folder under Settings → Slurm first, or choose this machine"];
  }
  const first = Object.values(fields)[0];
  if (first) throw new InvalidInputError(first[0], fields);
}
