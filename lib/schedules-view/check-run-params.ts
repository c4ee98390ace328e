import { RunParams } from "@/lib/lmms-eval/command/run-params";

/**
 * Checks a schedule's or batch's run parameters with the same rules createRun applies when the run is made, so a
 * typo is refused when the schedule is saved rather than at 02:00. Server-only (run-params imports node:path).
 * Returns field errors keyed `params.<name>`, empty when fine.
 */
export function checkRunParams(params: Record<string, unknown> | undefined): Record<string, string[]> {
  if (!params || Object.keys(params).length === 0) return {};
  // model and tasks are placeholders: only the parameters are being checked here.
  const result = RunParams.safeParse({ ...params, model: "placeholder", tasks: ["placeholder"] });
  if (result.success) return {};
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = `params.${issue.path.length ? String(issue.path[0]) : "_"}`;
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
