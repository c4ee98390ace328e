import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { models } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { createLogger } from "@/lib/log.mjs";
import { ERROR_CODES, ServiceError } from "@/lib/services/errors";
import { createRun, type RunConfigDeps } from "@/lib/services/runs/create-run";
import { createVersion, loadVersion } from "./manage-versions";
import type { ModelVersionDto } from "./queries";

const log = createLogger("models");

/**
 * What happened to "evaluate new versions on …" for a version just registered: the run it queued, or why none could
 * be queued. Absent (null) when the model has no such setting.
 */
export const NewVersionEvaluation = z.discriminatedUnion("status", [
  z.strictObject({ status: z.literal("queued"), runId: z.number(), tasks: z.array(z.string()) }),
  z.strictObject({
    status: z.literal("failed"),
    tasks: z.array(z.string()),
    error: z.strictObject({
      code: z.enum([...ERROR_CODES, "internal"]),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  }),
]);
export type NewVersionEvaluation = z.infer<typeof NewVersionEvaluation>;

export type RegisteredVersion = { version: ModelVersionDto; evaluation: NewVersionEvaluation | null };

/**
 * "Evaluate new versions on benchmarks X": queues that evaluation of `versionId` through createRun, as the caller.
 * Never throws for a run that cannot be created — the version exists already, so the problem is returned instead
 * (an unexpected error is logged and named only by a request id, like at every boundary).
 */
export async function evaluateNewVersion({
  db,
  ctx,
  versionId,
  publisher = webPublisher,
  deps,
}: {
  db: DB;
  ctx: ServiceContext;
  versionId: number;
  publisher?: Publisher;
  deps?: RunConfigDeps;
}): Promise<NewVersionEvaluation | null> {
  const version = loadVersion(db, versionId);
  const setting = db.select({ name: models.name, evaluateNewVersions: models.evaluateNewVersions }).from(models).where(eq(models.id, version.modelId)).get();
  if (!setting?.evaluateNewVersions) return null;
  const { tasks, params } = setting.evaluateNewVersions;
  try {
    const run = await createRun({
      db,
      ctx: { ...ctx, viaLabel: ctx.viaLabel ?? `new version of ${setting.name}` },
      input: { ...(params ?? {}), modelVersionId: versionId, tasks },
      publisher,
      ...(deps ? { deps } : {}),
    });
    return { status: "queued", runId: run.id, tasks };
  } catch (error) {
    if (error instanceof ServiceError) {
      return { status: "failed", tasks, error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
    }
    const requestId = randomUUID();
    log.error(`evaluating new version ${versionId} failed (request ${requestId}):`, error);
    return { status: "failed", tasks, error: { code: "internal", message: `Something went wrong on the server (request ${requestId})` } };
  }
}

/**
 * Registers a version and, when its model is set to "evaluate new versions on …", queues that evaluation. The one
 * path for the form and `POST /api/v1/models/{id}/versions`. The version is committed first: an evaluation that
 * cannot be queued (an unknown task, Slurm no longer configured, …) is reported in `evaluation`, never as a failure
 * of the registration.
 */
export async function registerVersion({
  db,
  ctx,
  input,
  publisher = webPublisher,
  deps,
}: {
  db: DB;
  ctx: ServiceContext;
  input: unknown;
  publisher?: Publisher;
  deps?: RunConfigDeps;
}): Promise<RegisteredVersion> {
  const version = createVersion({ db, ctx, input, publisher });
  const evaluation = await evaluateNewVersion({ db, ctx, versionId: version.id, publisher, ...(deps ? { deps } : {}) });
  return { version, evaluation };
}
