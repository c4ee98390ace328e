import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import type { DB } from "@/db/client";
import { ingests, models, modelVersions, runResults, runs } from "@/db/schema";
import type { Actor, ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { hashRunFiles, IngestError, locateResultFiles, parseResultsJson, type LocatedRunFiles } from "@/lib/lmms-eval/ingest";
import type { Publisher } from "@/lib/realtime/events";
import { webPublisher } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { ForbiddenError, InvalidInputError, UnprocessableError } from "@/lib/services/errors";
import { publishRunChanged } from "@/lib/services/runs/publish-run";
import { findMatchingVersion } from "@/lib/services/models/performance";
import { suggestVersionNames } from "@/lib/services/models/register-run-version";
import { runAcl } from "@/lib/services/runs/run-access";
import { maskModelArgs } from "@/lib/services/runs/run-dto";
import { ingestRunFiles, purgeIngest } from "./ingest-run-files";
import { buildSearchIndex } from "./search-index";

export type ImportCandidate = {
  resultsFile: string;
  model: string;
  modelArgs: string;
  date: string | null;
  tasks: string[];
  samplesFiles: number;
  lmmsEvalVersion: string | null;
  contentHash: string;
  /** The run that already holds exactly these files (importing again would change nothing). */
  existingRunId: number | null;
};

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
      parsed = parseResultsJson(await fs.promises.readFile(files.resultsPath, "utf8"), path.basename(files.resultsPath));
    } catch (error) {
      throw new UnprocessableError(describeError(error, folder));
    }
    const contentHash = await hashRunFiles(files);
    const existing = db
      .select({ runId: ingests.runId })
      .from(ingests)
      .where(and(eq(ingests.contentHash, contentHash), eq(ingests.status, "committed")))
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
export type ImportedRun = {
  id: number;
  created: boolean;
  backend: string;
  modelArgs: string;
  version: { id: number; label: string; modelId: number; modelName: string } | null;
  /** Whether this user may register the run as a new version (it has none and they may control it). */
  canRegister: boolean;
  suggestion: { modelName: string; label: string };
};

export type ImportResult = { runIds: number[]; created: number[]; reused: number[]; runs: ImportedRun[] };

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
 * `date`), through the same ingest as launched runs. All or nothing: if any file fails, the runs created by this
 * import are removed again and the error names the file and line. Files already imported are reused, not duplicated.
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
  const created: number[] = [];
  const reused: number[] = [];
  const indexLater: number[] = [];
  try {
    for (const [i, files] of located.entries()) {
      const c = candidates[i];
      if (c.existingRunId !== null) {
        reused.push(c.existingRunId);
        continue;
      }
      const parsedDate = c.date ? new Date(c.date) : null;
      const run = db.transaction((tx) => {
        const row = tx
          .insert(runs)
          .values({
            status: "succeeded",
            source: "imported",
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
            // Same backend + (canonically) same model args as a registered version: it is that version's run.
            modelVersionId: findMatchingVersion(tx, c.model, c.modelArgs)?.id ?? null,
          })
          .returning()
          .get();
        writeAudit(tx, ctx, { action: "run.import", targetType: "run", targetId: row.id, detail: { resultsFile: c.resultsFile } });
        return row;
      });
      created.push(run.id);
      const outcome = await ingestRunFiles(db, { runId: run.id, files });
      indexLater.push(outcome.ingestId);
      const seconds = outcome.parsed.totalEvaluationSeconds;
      if (parsedDate && seconds !== null) {
        db.update(runs).set({ finishedAt: new Date(parsedDate.getTime() + seconds * 1000) }).where(eq(runs.id, run.id)).run();
      }
    }
  } catch (error) {
    if (created.length) db.delete(runResults).where(inArray(runResults.runId, created)).run();
    for (const runId of created) {
      for (const ingest of db.select({ id: ingests.id }).from(ingests).where(eq(ingests.runId, runId)).all()) purgeIngest(db, ingest.id);
    }
    if (created.length) db.delete(runs).where(inArray(runs.id, created)).run();
    if (error instanceof IngestError) throw new UnprocessableError(`Nothing was imported: ${describeError(error, folder)}`);
    throw error;
  }
  for (const runId of created) publishRunChanged(db, publisher, runId);
  for (const ingestId of indexLater) await buildSearchIndex(db, ingestId);
  const runIds = [...created, ...reused];
  return { runIds, created, reused, runs: describeImportedRuns(db, actor, runIds, created) };
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
