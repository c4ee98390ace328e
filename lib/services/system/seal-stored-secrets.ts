import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { auditLog, modelVersions, runResults, runs, runTasks } from "@/db/schema";
import { sealLaunchArgs } from "@/lib/crypto/sealed-args";
import { maskKeyValueSecrets } from "@/lib/lmms-eval/command";
import { maskSecretsDeep, maskSecretsInJsonText } from "@/lib/lmms-eval/secret-values";
import { readSetting, writeSetting } from "@/lib/services/settings/settings-store";

const DONE_KEY = "stored_secrets_sealed";

const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);

/**
 * Brings a database written before model-args secrets were sealed up to the rule "no credential in plaintext": the
 * args of runs and model versions are sealed (owner: whoever created the row) and masked in place; overrides, audit
 * details and stored results JSON are masked. It needs the key in DATA_DIR/secrets.json, which a SQL migration cannot
 * read, so `scripts/migrate.ts` runs it right after the migrations, before the web process and the worker start.
 * Idempotent (already-masked rows are left alone); a marker setting skips the full scan on later starts.
 */
export function sealStoredSecrets(db: DB, encryptionKey: Buffer): { runs: number; versions: number; other: number } {
  const counts = { runs: 0, versions: 0, other: 0 };
  if (readSetting(db, DONE_KEY, z.boolean(), false)) return counts;
  db.transaction((tx) => {
    for (const run of tx.select({ id: runs.id, modelArgs: runs.modelArgs, params: runs.params, versionOverrides: runs.versionOverrides, createdById: runs.createdById, argsSealed: runs.argsSealed }).from(runs).all()) {
      const update: Partial<typeof runs.$inferInsert> = {};
      if (!run.argsSealed) {
        const sealed = sealLaunchArgs({ modelArgs: run.modelArgs, genKwargs: run.params.genKwargs ?? "" }, run.createdById, encryptionKey);
        if (sealed.argsSealed) {
          Object.assign(update, { modelArgs: sealed.modelArgs, argsSealed: sealed.argsSealed });
          if (run.params.genKwargs) update.params = { ...run.params, genKwargs: sealed.genKwargs };
        }
      }
      const overrides = run.versionOverrides ? maskSecretsDeep(run.versionOverrides) : null;
      if (changed(overrides, run.versionOverrides)) update.versionOverrides = overrides;
      if (Object.keys(update).length) {
        tx.update(runs).set(update).where(eq(runs.id, run.id)).run();
        counts.runs++;
      }
    }
    for (const version of tx.select().from(modelVersions).all()) {
      if (version.argsSealed) continue;
      const sealed = sealLaunchArgs(version, version.createdById, encryptionKey);
      if (!sealed.argsSealed) continue;
      tx.update(modelVersions).set(sealed).where(eq(modelVersions.id, version.id)).run();
      counts.versions++;
    }
    for (const entry of tx.select({ id: auditLog.id, detail: auditLog.detail }).from(auditLog).all()) {
      const detail = entry.detail ? maskSecretsDeep(entry.detail) : null;
      if (!changed(detail, entry.detail)) continue;
      tx.update(auditLog).set({ detail }).where(eq(auditLog.id, entry.id)).run();
      counts.other++;
    }
    // One results file at a time: together they can be far larger than memory should hold.
    for (const { runId } of tx.select({ runId: runResults.runId }).from(runResults).all()) {
      const result = tx.select({ runId: runResults.runId, rawJson: runResults.rawJson, modelArgs: runResults.modelArgs, config: runResults.config }).from(runResults).where(eq(runResults.runId, runId)).get()!;
      const masked = {
        rawJson: maskSecretsInJsonText(result.rawJson),
        modelArgs: result.modelArgs === null ? null : maskKeyValueSecrets(result.modelArgs),
        config: result.config ? maskSecretsDeep(result.config) : null,
      };
      if (!changed(masked, { rawJson: result.rawJson, modelArgs: result.modelArgs, config: result.config ?? null })) continue;
      tx.update(runResults).set(masked).where(eq(runResults.runId, result.runId)).run();
      counts.other++;
    }
    for (const task of tx.select({ runId: runTasks.runId, task: runTasks.task, config: runTasks.config }).from(runTasks).all()) {
      const config = task.config ? maskSecretsDeep(task.config) : null;
      if (!changed(config, task.config ?? null)) continue;
      tx.update(runTasks).set({ config }).where(and(eq(runTasks.runId, task.runId), eq(runTasks.task, task.task))).run();
      counts.other++;
    }
    writeSetting(tx, DONE_KEY, true);
  });
  return counts;
}
