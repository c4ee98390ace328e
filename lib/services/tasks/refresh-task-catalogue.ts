import { execFile } from "node:child_process";
import type { DB } from "@/db/client";
import { taskCatalogue } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { locateLmmsEvalPackage, parseModelsTable, parseTasksList, scanTaskYamls, type CatalogueEntry } from "@/lib/lmms-eval/tasks";
import { writeAudit } from "@/lib/services/audit";
import { writeSetting } from "@/lib/services/settings/settings-store";
import { CATALOGUE_META_KEY, MODELS_KEY, type CatalogueMeta } from "./catalogue-meta";

const MAX_STORED_WARNINGS = 200;
// `tasks list` imports torch and indexes every YAML (REFERENCE §1.4): slow, so only a fallback.
const TASKS_LIST_TIMEOUT_MS = 180_000;

type ChildEnv = Record<string, string | undefined>;

function runLmmsEval(command: string[], args: string[], env: ChildEnv, timeout: number): Promise<{ ok: boolean; stdout: string; error: string | null }> {
  return new Promise((resolve) => {
    execFile(command[0], [...command.slice(1), ...args], { env: env as NodeJS.ProcessEnv, timeout, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout, error: error ? stderr.trim().split("\n").pop() || error.message : null });
    });
  });
}

/**
 * Rebuilds the task catalogue: scans the installed package's task YAMLs in TypeScript (complete, unlike lmms-eval's
 * own UI — REFERENCE §4.1), falling back to parsing `lmms-eval tasks list` when the package folder cannot be found.
 * Also refreshes the backend suggestions from `lmms-eval models --aliases`. Replaces the stored catalogue atomically.
 */
export async function refreshTaskCatalogue({
  db,
  ctx,
  command,
  env = process.env,
}: {
  db: DB;
  ctx: ServiceContext;
  command: string[];
  env?: ChildEnv;
}): Promise<CatalogueMeta> {
  if (ctx.via !== "worker") authorize(ctx, can.launchRun);
  let entries: CatalogueEntry[] = [];
  let meta: CatalogueMeta;
  const refreshedAt = new Date();
  const located = await locateLmmsEvalPackage({ commandPrefix: command, env });
  if (located.ok) {
    const scan = await scanTaskYamls([{ dir: located.tasksDir, source: "builtin" }]);
    entries = scan.entries;
    meta = {
      refreshedAt: refreshedAt.toISOString(),
      method: "scan",
      packageDir: located.packageDir,
      count: entries.length,
      warnings: scan.warnings.slice(0, MAX_STORED_WARNINGS),
      warningCount: scan.warnings.length,
      error: null,
    };
  } else {
    const listed = await runLmmsEval(command, ["tasks", "list"], env, TASKS_LIST_TIMEOUT_MS);
    const parsed = listed.ok ? parseTasksList(listed.stdout) : null;
    if (parsed?.ok) {
      entries = parsed.names.map((name) => ({
        name,
        kind: "task",
        yamlPath: null,
        source: "builtin",
        outputType: null,
        datasetPath: null,
        members: [],
        parents: [],
        yamlText: null,
      }));
    }
    meta = {
      refreshedAt: refreshedAt.toISOString(),
      method: parsed?.ok ? "tasks-list" : "none",
      packageDir: null,
      count: entries.length,
      warnings: [],
      warningCount: 0,
      error: parsed?.ok ? null : `Could not find lmms-eval's task folder (${located.reason}) and \`tasks list\` failed (${listed.error ?? (parsed && !parsed.ok ? parsed.error : "no output")})`,
    };
  }
  const models = await runLmmsEval(command, ["models", "--aliases"], env, 60_000);
  const modelTable = models.ok ? parseModelsTable(models.stdout) : null;

  db.transaction((tx) => {
    // An unreachable lmms-eval must not wipe a catalogue that was good before.
    if (entries.length > 0 || meta.method !== "none") {
      tx.delete(taskCatalogue).run();
      for (const e of entries) {
        tx.insert(taskCatalogue)
          .values({
            name: e.name,
            kind: e.kind,
            source: e.source,
            yamlPath: e.yamlPath,
            outputType: e.outputType,
            datasetPath: e.datasetPath,
            members: e.members,
            parents: e.parents,
            yamlText: e.yamlText,
            refreshedAt,
          })
          .run();
      }
    }
    writeSetting(tx, CATALOGUE_META_KEY, meta);
    if (modelTable?.ok) writeSetting(tx, MODELS_KEY, modelTable.models.map(({ name, type, aliases }) => ({ name, type, aliases })));
    writeAudit(tx, ctx, { action: "tasks.refresh_catalogue", detail: { method: meta.method, count: meta.count, warnings: meta.warningCount } });
  });
  return meta;
}
