import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { ingests, models, modelVersions, runResults, runs } from "@/db/schema";
import type { Actor, ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { hashRunFiles, IngestError, locateResultFiles, parseResultsJson, type LocatedRunFiles } from "@/lib/lmms-eval/ingest";
import { maskSecretsInJsonText } from "@/lib/lmms-eval/secret-values";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { ForbiddenError, InvalidInputError, UnprocessableError } from "@/lib/services/errors";
import { publishRunChanged } from "@/lib/services/runs/publish-run";
import { findMatchingVersion } from "@/lib/services/models/performance";
import { suggestVersionNames } from "@/lib/services/models/register-run-version";
import { runAcl } from "@/lib/services/runs/run-access";
import { maskModelArgs } from "@/lib/services/runs/run-dto";
import { ingestRunFiles, purgeIngest, type IngestOutcome } from "./ingest-run-files";
import { buildSearchIndex } from "./search-index";

export const ImportCandidate = z.strictObject({
  resultsFile: z.string(),
  model: z.string(),
  modelArgs: z.string(),
  date: z.string().nullable(),
  tasks: z.array(z.string()),
  samplesFiles: z.number(),
  lmmsEvalVersion: z.string().nullable(),
  contentHash: z.string(),
  existingRunId: z.number().nullable().describe("the run that already holds exactly these files (importing again would change nothing)"),
});
export type ImportCandidate = z.infer<typeof ImportCandidate>;

function describeError(error: unknown, root: string): string {
  const message = (error as Error).message;
  return error instanceof IngestError ? message.replaceAll(`${root}/`, "") : message;
}

/** What an import of `folder` would create, without writing anything. Every results file must parse. */
export async function previewImport(db: DB, folder: string): Promise<{ located: LocatedRunFiles[]; candidates: ImportCandidate[] }> {
  let located: LocatedRunFiles[];
  try {
    located = await locateResultFiles(folder);
  } catch (error) {
    throw new UnprocessableError(describeError(error, folder));
  }
  if (located.length === 0) {
    throw new UnprocessableError("No *_results.json file was found. Import the lmms-eval output folder (or its files): <stamp>_results.json with its <stamp>_samples_<task>.jsonl files.");
  }
  const candidates: ImportCandidate[] = [];
  for (const files of located) {
    let parsed;
    try {
      // Masked like the ingest does: an imported run keeps no credential, and the preview shows none.
      parsed = parseResultsJson(maskSecretsInJsonText(await fs.promises.readFile(files.resultsPath, "utf8")), path.basename(files.resultsPath));
    } catch (error) {
      throw new UnprocessableError(describeError(error, folder));
    }
    const contentHash = await hashRunFiles(files);
    // Only a run that appeared: the committed ingest of an import that never finished belongs to a run being purged.
    const existing = db
      .select({ runId: ingests.runId })
      .from(ingests)
      .innerJoin(runs, eq(runs.id, ingests.runId))
      .where(and(eq(ingests.contentHash, contentHash), eq(ingests.status, "committed"), eq(runs.importing, false)))
      .get();
    candidates.push({
      resultsFile: path.relative(folder, files.resultsPath),
      model: parsed.modelSource ?? "unknown",
      modelArgs: parsed.modelArgs ?? "",
      date: parsed.date,
      tasks: parsed.tasks.filter((t) => t.parent === null).map((t) => t.name),
      samplesFiles: files.samples.length,
      lmmsEvalVersion: parsed.lmmsEvalVersion,
      contentHash,
      existingRunId: existing?.runId ?? null,
    });
  }
  return { located, candidates };
}

/** One run of an import's outcome: the version it was matched to, or what "register as new version" would start from. */
export const ImportedRun = z.strictObject({
  id: z.number(),
  created: z.boolean(),
  backend: z.string(),
  modelArgs: z.string().describe("secret-looking values masked as ***"),
  version: z
    .strictObject({ id: z.number(), label: z.string(), modelId: z.number(), modelName: z.string() })
    .nullable()
    .describe("the registered version with the same backend and model args, if any"),
  canRegister: z.boolean().describe("no version yet and you may register one: POST /api/v1/runs/{id}/version"),
  suggestion: z.strictObject({ modelName: z.string(), label: z.string() }).describe("what to prefill when registering it as a new version"),
});
export type ImportedRun = z.infer<typeof ImportedRun>;

export const ImportResult = z.strictObject({
  runIds: z.array(z.number()),
  created: z.array(z.number()),
  reused: z.array(z.number()).describe("runs that already held exactly these files"),
  runs: z.array(ImportedRun),
});
export type ImportResult = z.infer<typeof ImportResult>;

function describeImportedRuns(db: DB, actor: Actor, runIds: number[], created: number[]): ImportedRun[] {
  if (runIds.length === 0) return [];
  const rows = db
    .select({ run: runs, versionLabel: modelVersions.label, modelId: models.id, modelName: models.name })
    .from(runs)
    .leftJoin(modelVersions, eq(modelVersions.id, runs.modelVersionId))
    .leftJoin(models, eq(models.id, modelVersions.modelId))
    .where(inArray(runs.id, runIds))
    .all();
  const byId = new Map(rows.map((r) => [r.run.id, r]));
  return runIds.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { run } = row;
    const version = run.modelVersionId !== null && row.modelId !== null ? { id: run.modelVersionId, label: row.versionLabel!, modelId: row.modelId, modelName: row.modelName! } : null;
    return [
      {
        id,
        created: created.includes(id),
        backend: run.model,
        modelArgs: maskModelArgs(run.modelArgs),
        version,
        canRegister: version === null && can.launchRun(actor) && can.controlRun(actor, runAcl(db, run, actor)),
        suggestion: suggestVersionNames(run.model, run.modelArgs, run.startedAt ?? run.createdAt),
      },
    ];
  });
}

/**
 * Imports every results file under `folder` as a run with source `imported` (model from the file, time from its
 * `date`), through the same ingest as launched runs. All or nothing: the runs are created `importing` (seen by no
 * one) and appear together, in one transaction, once every ingest has committed; if any file fails, the runs created
 * by this import are removed again and the error names the file and line. If the process dies on the way, they stay
 * `importing` until the next start purges them (purgeInterruptedImports). Files already imported are reused, not
 * duplicated.
 */
export async function importFolder({
  db,
  ctx,
  folder,
  publisher = webPublisher,
}: {
  db: DB;
  ctx: ServiceContext;
  folder: string;
  publisher?: Publisher;
}): Promise<ImportResult> {
  const actor = authorize(ctx, can.importResults);
  const { located, candidates } = await previewImport(db, folder);
  /** Every run this import inserted (removed again if anything fails), and those whose ingest committed. */
  const created: number[] = [];
  const ingested: Array<{ runId: number; candidate: ImportCandidate; ingest: IngestOutcome }> = [];
  const reused: number[] = [];
  try {
    for (const [i, files] of located.entries()) {
      const c = candidates[i];
      if (c.existingRunId !== null) {
        reused.push(c.existingRunId);
        continue;
      }
      const parsedDate = c.date ? new Date(c.date) : null;
      const run = db
        .insert(runs)
        .values({
          status: "succeeded",
          source: "imported",
          importing: true,
          model: c.model,
          modelArgs: c.modelArgs,
          tasks: c.tasks,
          params: {},
          createdById: actor.id,
          createdAt: parsedDate ?? new Date(),
          startedAt: parsedDate,
          finishedAt: parsedDate,
          commandPreview: "",
          lmmsEvalVersion: c.lmmsEvalVersion,
        })
        .returning({ id: runs.id })
        .get();
      created.push(run.id);
      ingested.push({ runId: run.id, candidate: c, ingest: await ingestRunFiles(db, { runId: run.id, files }) });
    }
    db.transaction((tx) => {
      for (const { runId, candidate: c, ingest } of ingested) {
        const parsedDate = c.date ? new Date(c.date) : null;
        const seconds = ingest.parsed.totalEvaluationSeconds;
        tx.update(runs)
          .set({
            importing: false,
            // Same backend + (canonically) same model args as a registered version: it is that version's run.
            modelVersionId: findMatchingVersion(tx, c.model, c.modelArgs)?.id ?? null,
            ...(parsedDate && seconds !== null ? { finishedAt: new Date(parsedDate.getTime() + seconds * 1000) } : {}),
          })
          .where(eq(runs.id, runId))
          .run();
        writeAudit(tx, ctx, { action: "run.import", targetType: "run", targetId: runId, detail: { resultsFile: c.resultsFile } });
      }
    });
  } catch (error) {
    for (const runId of created) removeRun(db, runId);
    if (error instanceof IngestError) throw new UnprocessableError(`Nothing was imported: ${describeError(error, folder)}`);
    throw error;
  }
  for (const runId of created) publishRunChanged(db, publisher, runId);
  for (const { ingest } of ingested) await buildSearchIndex(db, ingest.ingestId);
  const runIds = [...created, ...reused];
  return { runIds, created, reused, runs: describeImportedRuns(db, actor, runIds, created) };
}

/** Deletes a run that never appeared, its samples in short transactions first (the worker keeps writing meanwhile). */
function removeRun(db: DB, runId: number): void {
  // The results row points at its ingest: it goes first, so that the ingest can go.
  db.delete(runResults).where(eq(runResults.runId, runId)).run();
  for (const ingest of db.select({ id: ingests.id }).from(ingests).where(eq(ingests.runId, runId)).all()) purgeIngest(db, ingest.id);
  db.delete(runs).where(eq(runs.id, runId)).run();
}

/**
 * Web process start: what imports interrupted by a crash or `kill -9` left behind — runs still `importing` with their
 * staged (or committed) rows, and upload folders — is removed. Imports run only in the web process, and none is in
 * flight before it listens, so everything found is stale; the worker never touches importing runs. Idempotent.
 */
export function purgeInterruptedImports(db: DB, uploadsDir: string): { runs: number; uploads: number } {
  const stale = db.select({ id: runs.id }).from(runs).where(eq(runs.importing, true)).all();
  for (const { id } of stale) removeRun(db, id);
  const uploads = fs.existsSync(uploadsDir) ? fs.readdirSync(uploadsDir) : [];
  for (const name of uploads) fs.rmSync(path.join(uploadsDir, name), { recursive: true, force: true });
  return { runs: stale.length, uploads: uploads.length };
}

/** Admins may import a folder on the server, but only inside the configured IMPORT_ROOTS (no path escapes). */
export function resolveServerImportPath(ctx: ServiceContext, requested: unknown, importRoots: string[]): string {
  authorize(ctx, can.importFromServerPath);
  if (typeof requested !== "string" || requested.trim() === "") throw new InvalidInputError("path is required", { path: ["Enter a folder path"] });
  if (importRoots.length === 0) {
    throw new ForbiddenError("Server-side folder import is disabled: set IMPORT_ROOTS to the folders it may read (e.g. IMPORT_ROOTS=/data/lmms-eval-logs).");
  }
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(requested));
  } catch {
    throw new InvalidInputError(`${requested} does not exist on the server`, { path: ["No such folder on the server"] });
  }
  if (!fs.statSync(real).isDirectory()) throw new InvalidInputError(`${requested} is not a folder`, { path: ["Not a folder"] });
  const inside = importRoots.some((root) => {
    const realRoot = fs.existsSync(root) ? fs.realpathSync(root) : root;
    return real === realRoot || real.startsWith(realRoot + path.sep);
  });
  if (!inside) {
    throw new ForbiddenError(`${requested} is outside the folders imports may read (IMPORT_ROOTS: ${importRoots.join(", ")})`);
  }
  return real;
}
