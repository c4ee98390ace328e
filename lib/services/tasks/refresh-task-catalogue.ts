import { execFile } from "node:child_process";
import { count } from "drizzle-orm";
import type { DB } from "@/db/client";
import { taskCatalogue } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import {
  locateLmmsEvalPackage,
  parseModelsTable,
  parseTasksList,
  parseTaskTable,
  scanTaskYamls,
  type CatalogueEntry,
  type CatalogueWarning,
  type TaskRoot,
} from "@/lib/lmms-eval/tasks";
import { writeAudit } from "@/lib/services/audit";
import { readSetting, writeSetting } from "@/lib/services/settings/settings-store";
import { CATALOGUE_META_KEY, CatalogueMeta, MODELS_KEY } from "./catalogue-meta";
import { encodeCatalogueSource } from "./catalogue-source";

const MAX_STORED_WARNINGS = 200;
// `tasks list` imports torch and indexes every YAML (docs/LMMS-EVAL-BEHAVIOUR.md §subcommands; 35–75 s at 0.7.3): slow, so only a fallback.
const TASKS_LIST_TIMEOUT_MS = 180_000;
/** What a fallback entry's `root` is: the package folder is unknown when the fallback runs. */
const CLI_ROOT = "lmms-eval tasks list";

type ChildEnv = Record<string, string | undefined>;

function runLmmsEval(command: string[], args: string[], env: ChildEnv, timeout: number): Promise<{ ok: boolean; stdout: string; error: string | null }> {
  return new Promise((resolve) => {
    execFile(command[0], [...command.slice(1), ...args], { env: env as NodeJS.ProcessEnv, timeout, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout, error: error ? stderr.trim().split("\n").pop() || error.message : null });
    });
  });
}

type CliListing = { ok: true; entries: CatalogueEntry[]; warnings: CatalogueWarning[] } | { ok: false; error: string };

/**
 * The fallback when the package folder cannot be found (e.g. LMMS_EVAL_CMD is a wrapper script): `tasks list` gives
 * every name but not its kind (§subcommands), so `tasks groups` and `tasks tags` — Markdown tables, run at the same
 * time to keep the wait to about one torch import — say which names are groups and tags; the rest stay tasks (python
 * tasks cannot be told apart). Members, output types and YAML are unknown this way. If a table cannot be read, its
 * names stay tasks and a warning says so.
 */
async function listTasksFromCli(command: string[], env: ChildEnv): Promise<CliListing> {
  const [listed, groups, tags] = await Promise.all(
    (["list", "groups", "tags"] as const).map((action) => runLmmsEval(command, ["tasks", action], env, TASKS_LIST_TIMEOUT_MS)),
  );
  const parsed = listed.ok ? parseTasksList(listed.stdout) : null;
  if (!parsed?.ok) return { ok: false, error: listed.error ?? (parsed && !parsed.ok ? parsed.error : "no output") };

  const warnings: CatalogueWarning[] = [];
  const kindOf = new Map<string, "group" | "tag">();
  for (const [run, header, kind] of [[groups, "Group", "group"], [tags, "Tag", "tag"]] as const) {
    const table = run.ok ? parseTaskTable(run.stdout, header) : null;
    if (table?.ok) {
      for (const name of table.names) if (!kindOf.has(name)) kindOf.set(name, kind);
    } else {
      const why = run.error ?? (table && !table.ok ? table.error : "no output");
      warnings.push({ file: CLI_ROOT, message: `\`lmms-eval tasks ${kind}s\` could not be read (${why}); its ${kind}s are listed as tasks` });
    }
  }
  const entries = parsed.names.map(
    (name): CatalogueEntry => ({
      name,
      kind: kindOf.get(name) ?? "task",
      yamlPath: null,
      source: "builtin",
      root: CLI_ROOT,
      outputType: null,
      datasetPath: null,
      members: [],
      parents: [],
      yamlText: null,
    }),
  );
  return { ok: true, entries, warnings };
}

/** Built-ins win on name clashes, as in lmms-eval (`{**new, **old}`), with the same warning the scanner gives. */
function mergeIncluded(builtins: CatalogueEntry[], included: CatalogueEntry[], warnings: CatalogueWarning[]): CatalogueEntry[] {
  const names = new Set(builtins.map((e) => e.name));
  const merged = [...builtins];
  for (const entry of included) {
    if (names.has(entry.name)) {
      warnings.push({ file: entry.yamlPath ?? entry.root, message: `'${entry.name}' is ignored: lmms-eval already has a built-in ${entry.name}, and built-ins win over include paths` });
    } else {
      merged.push(entry);
    }
  }
  return merged.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Why the worker should rebuild the catalogue at start, or null: nothing stored yet, or the configured include
 * folders changed since the last refresh (their tasks would be missing from, or linger in, the picker).
 */
export function catalogueRefreshReason(db: DB, includePaths: string[]): string | null {
  const stored = db.select({ n: count() }).from(taskCatalogue).get()?.n ?? 0;
  if (stored === 0) return "the catalogue is empty";
  const meta = readSetting(db, CATALOGUE_META_KEY, CatalogueMeta.nullable(), null);
  const before = [...(meta?.includePaths ?? [])].sort().join("\n");
  if (before !== [...includePaths].sort().join("\n")) return "LMMS_EVAL_INCLUDE_PATHS changed";
  return null;
}

/**
 * Rebuilds the task catalogue: scans the installed package's task YAMLs and the configured include folders
 * (LMMS_EVAL_INCLUDE_PATHS) in TypeScript (complete, unlike lmms-eval's own UI — §own-ui), falling back to
 * lmms-eval's `tasks` listings when the package folder cannot be found (the include folders are still scanned).
 * Also refreshes the backend suggestions from `lmms-eval models --aliases`. Replaces the stored catalogue atomically.
 */
export async function refreshTaskCatalogue({
  db,
  ctx,
  command,
  env = process.env,
  includePaths,
}: {
  db: DB;
  ctx: ServiceContext;
  command: string[];
  env?: ChildEnv;
  /** Defaults to the configured LMMS_EVAL_INCLUDE_PATHS. */
  includePaths?: string[];
}): Promise<CatalogueMeta> {
  if (ctx.via !== "worker") authorize(ctx, can.launchRun);
  const folders = includePaths ?? getConfig().lmmsEvalIncludePaths;
  const includeRoots: TaskRoot[] = folders.map((dir) => ({ dir, source: "include" }));
  let entries: CatalogueEntry[] = [];
  let meta: CatalogueMeta;
  const refreshedAt = new Date();
  const located = await locateLmmsEvalPackage({ commandPrefix: command, env });
  if (located.ok) {
    const scan = await scanTaskYamls([{ dir: located.tasksDir, source: "builtin" }, ...includeRoots]);
    entries = scan.entries;
    meta = {
      refreshedAt: refreshedAt.toISOString(),
      method: "scan",
      packageDir: located.packageDir,
      includePaths: folders,
      count: entries.length,
      warnings: scan.warnings.slice(0, MAX_STORED_WARNINGS),
      warningCount: scan.warnings.length,
      error: null,
    };
  } else {
    const [listed, included] = await Promise.all([listTasksFromCli(command, env), scanTaskYamls(includeRoots)]);
    const warnings = [...(listed.ok ? listed.warnings : []), ...included.warnings];
    entries = mergeIncluded(listed.ok ? listed.entries : [], included.entries, warnings);
    meta = {
      refreshedAt: refreshedAt.toISOString(),
      method: listed.ok ? "tasks-list" : "none",
      packageDir: null,
      includePaths: folders,
      count: entries.length,
      warnings: warnings.slice(0, MAX_STORED_WARNINGS),
      warningCount: warnings.length,
      error: listed.ok ? null : `Could not find lmms-eval's task folder (${located.reason}) and \`tasks list\` failed (${listed.error})`,
    };
  }
  const models = await runLmmsEval(command, ["models", "--aliases"], env, 60_000);
  const modelTable = models.ok ? parseModelsTable(models.stdout) : null;

  db.transaction((tx) => {
    // An unreachable lmms-eval must not wipe a catalogue that was good before; the include folders alone only fill
    // an empty one.
    const storedCount = tx.select({ n: count() }).from(taskCatalogue).get()?.n ?? 0;
    if (meta.method !== "none" || (entries.length > 0 && storedCount === 0)) {
      tx.delete(taskCatalogue).run();
      for (const e of entries) {
        tx.insert(taskCatalogue)
          .values({
            name: e.name,
            kind: e.kind,
            source: encodeCatalogueSource(e),
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
    writeAudit(tx, ctx, { action: "tasks.refresh_catalogue", detail: { method: meta.method, count: meta.count, warnings: meta.warningCount, includePaths: folders.length } });
  });
  return meta;
}
