import path from "node:path";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { EXECUTORS, runs, type Run, type StoredRunParams, type VersionOverrides } from "@/db/schema";
import type { Actor, ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig, type AppConfig } from "@/lib/config";
import { openLaunchArgs, sealLaunchArgs } from "@/lib/crypto/sealed-args";
import { sealJson } from "@/lib/crypto/secret-box";
import { buildEvalArgv, formatCommandPreview, MASK, RunParams } from "@/lib/lmms-eval/command";
import { launchOverrides } from "@/lib/lmms-eval/command/launch-overrides";
import { keysWithMaskedValues } from "@/lib/lmms-eval/secret-values";
import { webPublisher } from "@/lib/realtime/publish";
import { runFolder } from "@/lib/run-folder";
import type { Publisher } from "@/lib/realtime/events";
import { writeAudit } from "@/lib/services/audit";
import { checkShareMembers, ShareMembers, Visibility, writeRunShares } from "@/lib/services/comments/sharing";
import { InvalidInputError } from "@/lib/services/errors";
import { checkTaskNames } from "@/lib/services/tasks/check-task-names";
import { resolveRunIncludePath } from "@/lib/services/tasks/resolve-include-path";
import { checkRunPaths } from "@/lib/services/tasks/run-paths";
import { canUseStoredSecrets, loadVersion } from "@/lib/services/models/manage-versions";
import { parseInput } from "@/lib/services/validate";
import { assertMayMakeRunPrivate } from "@/lib/services/security/policy";
import { isSlurmConfigured, readSlurmSettings, slurmPlacement } from "@/lib/services/slurm/read-slurm-settings";
import { sharedFolderProblem } from "@/lib/services/slurm/update-slurm-settings";
import { publishRunChanged } from "./publish-run";

export const CreateRunInput = RunParams.safeExtend({
  rerunOfId: z.number().int().positive().optional(),
  /** Launch a registered model version: its backend, model args and gen kwargs fill whatever the input leaves out. */
  modelVersionId: z.number().int().positive().optional(),
  /** Where the run executes: this machine, or the team's Slurm cluster. Default: Settings → Slurm → default executor. */
  executor: z.enum(EXECUTORS, { error: "executor must be local or slurm" }).optional(),
  /** "private": only you, admins and `members` ever see it, from its first queued event on. Default "team". */
  visibility: Visibility.optional(),
  /** People the run is shared with and what each may do (view, comment, control), as `PUT /runs/{id}/sharing` takes. */
  members: ShareMembers.optional(),
});

type VersionLaunch = {
  input: unknown;
  versionId: number | null;
  overrides: VersionOverrides | null;
  /** The launched version, when its stored credentials belong to someone else (they are not used for this launch). */
  othersSecrets: { label: string; modelName: string } | null;
};

/**
 * With a model version, `model`/`modelArgs` may be omitted (the version's are used); anything given that differs from
 * the version is recorded as an override so history and comparisons can tell. Overrides hold masked texts only, and
 * a credential value alone is no override (the same configuration, someone else's key).
 * The version's sealed credentials are used only when the person who entered them launches it: anyone else would
 * control a process holding them (its environment, its include path, a changed `base_url` the key is sent to). They
 * get the masked text, which createRun refuses until they type their own value.
 */
function applyVersion(db: DB, actor: Actor, input: unknown, encryptionKey: Buffer): VersionLaunch {
  if (!input || typeof input !== "object" || !("modelVersionId" in input) || (input as { modelVersionId?: unknown }).modelVersionId == null) {
    return { input, versionId: null, overrides: null, othersSecrets: null };
  }
  const raw = input as Record<string, unknown>;
  const versionId = Number(raw.modelVersionId);
  if (!Number.isInteger(versionId) || versionId <= 0) throw new InvalidInputError("modelVersionId must be a version id", { modelVersionId: ["Not a version id"] });
  const version = loadVersion(db, versionId);
  if (version.status === "archived" || version.modelStatus === "archived") {
    throw new InvalidInputError(`Version "${version.label}" of ${version.modelName} is archived and cannot be launched`, { modelVersionId: ["Archived"] });
  }
  const stored = openLaunchArgs(version, encryptionKey);
  const usable = canUseStoredSecrets(version, actor, encryptionKey) ? stored : version;
  const merged: Record<string, unknown> = {
    ...raw,
    model: raw.model ?? version.backend,
    modelArgs: raw.modelArgs ?? usable.modelArgs,
    genKwargs: raw.genKwargs ?? (usable.genKwargs || undefined),
  };
  // A value that is not text is refused by validation right after; until then it changes nothing.
  const given = (value: unknown, fromVersion: string) => (typeof value === "string" ? value : fromVersion);
  const overrides = launchOverrides(version, {
    backend: given(merged.model, version.backend),
    modelArgs: given(merged.modelArgs, version.modelArgs),
    genKwargs: given(merged.genKwargs ?? "", version.genKwargs),
  });
  return {
    input: merged,
    versionId,
    overrides: Object.keys(overrides).length ? overrides : null,
    othersSecrets: stored.ownerId !== null && stored.ownerId !== actor.id ? { label: version.label, modelName: version.modelName } : null,
  };
}

/**
 * `***` is what a masked credential looks like everywhere (a re-run's prefill, a version someone else entered): sent
 * back, lmms-eval would get it as the key. Asks for the real value instead, naming whose value it stands for.
 */
function refuseMaskedValues(data: { modelArgs?: string; genKwargs?: string }, launch: VersionLaunch): void {
  const fields: Record<string, string[]> = {};
  for (const field of ["modelArgs", "genKwargs"] as const) {
    const keys = keysWithMaskedValues(data[field] ?? "");
    if (!keys.length) continue;
    const what = keys.join(", ");
    fields[field] = [
      launch.othersSecrets
        ? `enter your own ${what}: the value stored with version "${launch.othersSecrets.label}" of ${launch.othersSecrets.modelName} is used only in launches by the person who entered it`
        : `enter the value of ${what}: ${MASK} stands for a masked secret, not the secret itself`,
    ];
  }
  const first = Object.values(fields)[0];
  if (first) throw new InvalidInputError(first[0], fields);
}

export type CreateRunInput = z.input<typeof CreateRunInput>;

export type RunConfigDeps = Pick<AppConfig, "encryptionKey" | "runsDir" | "lmmsEvalCommand" | "lmmsEvalIncludePaths" | "responseCacheRoot">;

/** A run with its model args and gen kwargs as typed (they are sealed at rest): only for building the argv to spawn. */
export function withOpenedArgs<R extends Pick<Run, "modelArgs" | "params" | "argsSealed">>(run: R, encryptionKey: Buffer): R {
  if (!run.argsSealed) return run;
  const opened = openLaunchArgs({ modelArgs: run.modelArgs, genKwargs: run.params.genKwargs ?? "", argsSealed: run.argsSealed }, encryptionKey);
  return { ...run, modelArgs: opened.modelArgs, params: opened.genKwargs ? { ...run.params, genKwargs: opened.genKwargs } : run.params };
}

/** The argv the worker will spawn and the preview users see are built by the same function from the same params. */
export function commandFor(run: Pick<Run, "id" | "model" | "modelArgs" | "tasks" | "params">, deps: Pick<RunConfigDeps, "runsDir" | "lmmsEvalCommand">) {
  return buildEvalArgv({
    commandPrefix: deps.lmmsEvalCommand,
    params: { model: run.model, modelArgs: run.modelArgs, tasks: run.tasks, ...run.params },
    outputDir: runFolder(deps.runsDir, run.id).outputDir,
  });
}

function storedParams(p: z.output<typeof CreateRunInput>): StoredRunParams {
  const { model: _m, modelArgs: _a, tasks: _t, env: _e, rerunOfId: _r, modelVersionId: _v, executor: _x, visibility: _s, members: _p, ...rest } = p;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== "")) as StoredRunParams;
}

/**
 * The executor a launch gets (explicit choice, else the admin's default) and the paths/command its argv is built
 * with: a Slurm run writes to `<shared folder>/runs/<id>/output` and runs the nodes' lmms-eval command. Choosing Slurm
 * while it is not configured (or its shared folder has gone) is a field error, not a run that fails later.
 */
function resolveExecutor(db: DB, requested: Run["executor"] | undefined, deps: RunConfigDeps): { executor: Run["executor"]; deps: RunConfigDeps } {
  const settings = readSlurmSettings(db);
  const executor = requested ?? (settings.defaultExecutor === "slurm" && isSlurmConfigured(settings) ? "slurm" : "local");
  if (executor === "local") return { executor, deps };
  if (!isSlurmConfigured(settings)) {
    throw new InvalidInputError("Slurm is not configured on this dashboard", {
      executor: ["Slurm is not configured: an administrator must set the shared folder under Settings → Slurm first"],
    });
  }
  const problem = sharedFolderProblem(settings.sharedDir);
  if (problem) {
    throw new InvalidInputError(`The Slurm shared folder is not usable: ${problem}`, { executor: [`The Slurm shared folder is not usable: ${problem}`] });
  }
  return { executor, deps: { ...deps, ...slurmPlacement(settings, deps.lmmsEvalCommand) } };
}

export const CommandPreview = z.strictObject({ command: z.string(), runIdPlaceholder: z.string() });
export type CommandPreview = z.infer<typeof CommandPreview>;

/** Shown where the run's number will go in a preview; the number exists only once the run is queued. */
export const RUN_ID_PLACEHOLDER = "<id>";
/** Stands in for the run id while building a preview; replaced before it is shown. */
const PREVIEW_RUN_ID = Number.MAX_SAFE_INTEGER;

/**
 * The command exactly as createRun will store it — same validation, same model-version defaults, same argv builder,
 * same masking — with the not-yet-known run id shown as `<id>`. Used by the form's live preview and the API.
 */
export function previewRunCommand({ db, ctx, input, deps = getConfig() }: { db: DB; ctx: ServiceContext; input: unknown; deps?: RunConfigDeps }): CommandPreview {
  const actor = authorize(ctx, can.launchRun);
  const launch = applyVersion(db, actor, input, deps.encryptionKey);
  const data = parseInput(CreateRunInput, launch.input);
  refuseMaskedValues(data, launch);
  data.includePath = resolveRunIncludePath(db, { tasks: data.tasks, includePath: data.includePath });
  checkRunPaths(data, deps);
  deps = resolveExecutor(db, data.executor, deps).deps;
  const command = formatCommandPreview(
    commandFor({ id: PREVIEW_RUN_ID, model: data.model, modelArgs: data.modelArgs ?? "", tasks: data.tasks, params: storedParams(data) }, deps),
    { env: data.env ?? {} },
  );
  const sentinelDir = runFolder(deps.runsDir, PREVIEW_RUN_ID).outputDir;
  const shownDir = sentinelDir.replace(`${path.sep}${PREVIEW_RUN_ID}${path.sep}`, `${path.sep}${RUN_ID_PLACEHOLDER}${path.sep}`);
  // The second replace covers a folder name the shell quoting rewrote (a `'` in the runs folder).
  return { command: command.replaceAll(sentinelDir, shownDir).replaceAll(String(PREVIEW_RUN_ID), RUN_ID_PLACEHOLDER), runIdPlaceholder: RUN_ID_PLACEHOLDER };
}

/**
 * Queues an lmms-eval run (the form, the REST API and the scheduler all come here): validates everything before
 * writing, checks task names against the catalogue, seals the environment, stores the masked command preview, audits
 * — one transaction — then tells browsers and the worker.
 */
export async function createRun({
  db,
  ctx,
  input,
  deps = getConfig(),
  publisher = webPublisher,
  source = "launched",
}: {
  db: DB;
  ctx: ServiceContext;
  input: unknown;
  deps?: RunConfigDeps;
  publisher?: Publisher;
  source?: Run["source"];
}): Promise<Run> {
  const actor = authorize(ctx, can.launchRun);
  const withVersion = applyVersion(db, actor, input, deps.encryptionKey);
  const data = parseInput(CreateRunInput, withVersion.input);
  refuseMaskedValues(data, withVersion);
  if (data.visibility === "private") assertMayMakeRunPrivate(db, actor);
  const members = data.members ?? [];
  checkShareMembers(db, members);
  // Tasks from a configured include folder need that folder as the run's --include_path.
  data.includePath = resolveRunIncludePath(db, { tasks: data.tasks, includePath: data.includePath });
  checkRunPaths(data, deps);
  const placement = resolveExecutor(db, data.executor, deps);
  const unknown = await checkTaskNames(db, data.tasks, data.includePath);
  if (unknown.length) {
    throw new InvalidInputError(`Unknown task${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      tasks: [`Unknown task${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")} (refresh the task catalogue if you just installed them)`],
    });
  }
  const env = data.env ?? {};
  const envNames = Object.keys(env).sort();
  const params = storedParams(data);
  const args = sealLaunchArgs({ modelArgs: data.modelArgs ?? "", genKwargs: params.genKwargs ?? "" }, actor.id, deps.encryptionKey);
  const visibility = data.visibility ?? "team";
  const run = db.transaction(
    (tx) => {
      const inserted = tx
        .insert(runs)
        .values({
          status: "queued",
          source,
          executor: placement.executor,
          model: data.model,
          modelArgs: args.modelArgs,
          tasks: data.tasks,
          params: params.genKwargs ? { ...params, genKwargs: args.genKwargs } : params,
          envNames,
          envSealed: envNames.length ? sealJson(env, deps.encryptionKey) : null,
          argsSealed: args.argsSealed,
          // Private from the first moment: its queued event below already goes to its audience only.
          visibility,
          createdById: actor.id,
          rerunOfId: data.rerunOfId ?? null,
          modelVersionId: withVersion.versionId,
          versionOverrides: withVersion.overrides,
          queueRank: sql`coalesce((select max(queue_rank) from runs where status = 'queued'), 0) + 1`,
        })
        .returning()
        .get();
      writeRunShares(tx, inserted, members);
      const commandPreview = formatCommandPreview(commandFor(withOpenedArgs(inserted, deps.encryptionKey), placement.deps), { env });
      const withPreview = tx.update(runs).set({ commandPreview }).where(sql`id = ${inserted.id}`).returning().get();
      writeAudit(tx, ctx, {
        action: data.rerunOfId ? "run.rerun" : "run.create",
        targetType: "run",
        targetId: inserted.id,
        detail: {
          model: data.model,
          tasks: data.tasks,
          source,
          executor: placement.executor,
          ...(data.rerunOfId ? { rerunOf: data.rerunOfId } : {}),
          ...(withVersion.versionId ? { modelVersionId: withVersion.versionId, overrides: withVersion.overrides } : {}),
          ...(visibility === "private" || members.length ? { visibility, members } : {}),
          envNames,
        },
      });
      return withPreview;
    },
    { behavior: "immediate" },
  );
  publishRunChanged(db, publisher, run.id);
  publisher.wakeWorker();
  return run;
}
