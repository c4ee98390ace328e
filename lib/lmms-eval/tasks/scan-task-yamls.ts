import { promises as fs, type Dirent } from "node:fs";
import path from "node:path";
import { parseTaskYaml } from "./parse-task-yaml";

export type TaskSource = "builtin" | "include";
export type TaskRoot = { dir: string; source: TaskSource };
export type CatalogueEntryKind = "task" | "group" | "tag" | "python_task";

export type CatalogueEntry = {
  name: string;
  kind: CatalogueEntryKind;
  /** Absolute path of the defining YAML; null for tags, which exist only as labels on tasks. */
  yamlPath: string | null;
  source: TaskSource;
  /**
   * The task folder that defined it (absolute). For an include-path entry this is the `--include_path` a run needs to
   * find it: lmms-eval takes one per run.
   */
  root: string;
  /** Tasks: `output_type` after includes, else lmms-eval's default `generate_until`. Python tasks: as written or null. */
  outputType: string | null;
  datasetPath: string | null;
  /** Groups: the names listed under `task:` (an inline config contributes its own `task`). Tags: the tagged tasks. */
  members: string[];
  /** Groups and tags of this catalogue that list this name as a member, sorted. */
  parents: string[];
  /** The defining file's own text (before include resolution), for display. Null for tags. */
  yamlText: string | null;
};

export type CatalogueWarning = { file: string; message: string };
export type TaskCatalogue = {
  entries: CatalogueEntry[];
  warnings: CatalogueWarning[];
  /** Why the scan stopped before the end (a limit was reached), or null when it read everything. */
  incomplete: string | null;
};

/**
 * Bounds on one scan, so that a folder that is not a task folder (a home directory, `/`) cannot keep the process
 * busy for a minute and fill its memory: how deep below a root, how many files and folders in all, how long.
 */
export type ScanLimits = { maxDepth: number; maxEntries: number; timeoutMs: number };
/** Far above lmms-eval's own task folder (~2000 YAMLs and their helpers in ~250 folders, 4 levels deep). */
export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxDepth: 12, maxEntries: 50_000, timeoutMs: 30_000 };

/** `TaskManager._get_task_and_group` skips these while walking (lmms_eval/tasks/__init__.py). */
const IGNORED_DIRECTORIES = new Set(["__pycache__", ".ipynb_checkpoints"]);
/** Task YAMLs are a few KiB; a file this large is not one and is not worth parsing. */
const MAX_YAML_BYTES = 2 * 1024 * 1024;
/** Keeps the disk busy without approaching the open-file limit on ~2000 files. */
const READ_CONCURRENCY = 32;

type YamlMapping = Record<string, unknown>;

type LoadedFile =
  | { ok: true; text: string; data: unknown; unknownTags: string[] }
  | { ok: false; message: string };

type IndexedEntry = Omit<CatalogueEntry, "parents">;

type Classification =
  | { kind: "task"; name: string; labels: string[] }
  | { kind: "python_task"; name: string }
  | { kind: "group"; name: string; members: string[] }
  | { kind: "none" };

/**
 * Builds the task catalogue from task YAML directories without Python, emulating `TaskManager.initialize_tasks`
 * (docs/LMMS-EVAL-BEHAVIOUR.md §task-discovery): each YAML is classified after its `include:` chain is resolved, and the first root to
 * define a name keeps it, built-ins before include paths (lmms-eval's `{**new, **old}`). Whatever lmms-eval itself
 * would crash on (parse errors, unknown tags, broken or cyclic includes) and every name clash becomes a warning; the
 * scan always completes.
 */
export async function scanTaskYamls(roots: TaskRoot[], limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<TaskCatalogue> {
  const warnings = new WarningCollector();
  const budget = new ScanBudget(limits);
  const orderedRoots: TaskRoot[] = [
    ...roots.filter((root) => root.source === "builtin"),
    ...roots.filter((root) => root.source === "include"),
  ].map((root) => ({ dir: path.resolve(root.dir), source: root.source }));

  const walked: Array<{ root: TaskRoot; files: string[] }> = [];
  for (const root of orderedRoots) {
    walked.push({ root, files: await listYamlFiles(root.dir, warnings, budget, { root: root.dir, depth: 0 }) });
    if (budget.stoppedBy) break;
  }
  const files = await loadFilesWithIncludes(walked.flatMap((w) => w.files), warnings, budget);
  if (budget.stoppedBy) {
    const where = walked.at(-1)?.root.dir ?? "";
    warnings.add(where, `scan stopped: ${budget.stoppedBy}; the tasks after that point are missing (is this a folder of task YAMLs?)`);
  }
  const resolver = new IncludeResolver(files, warnings);

  const catalogue = new Map<string, IndexedEntry>();
  for (const { root, files: rootFiles } of walked) {
    const rootIndex = indexRoot(root, rootFiles, files, resolver, warnings);
    for (const [name, entry] of rootIndex) {
      const kept = catalogue.get(name);
      if (kept) {
        // A tag has no file of its own; point at the first task that applies it.
        const file = entry.yamlPath ?? rootIndex.get(entry.members[0])?.yamlPath ?? root.dir;
        warnings.add(
          file,
          `'${name}' is ignored: ${describeEntry(kept)} already defines it, and lmms-eval keeps the first (built-ins win over include paths)`,
        );
      } else {
        catalogue.set(name, entry);
      }
    }
  }
  return { entries: withParents(catalogue), warnings: warnings.list(), incomplete: budget.stoppedBy };
}

/**
 * Counts what a scan has done against its limits. Too many entries stops the walk (the files found so far are still
 * read); running out of time stops everything.
 */
class ScanBudget {
  private entries = 0;
  private readonly deadline: number;
  stoppedBy: string | null = null;

  constructor(private readonly limits: ScanLimits) {
    this.deadline = Date.now() + limits.timeoutMs;
  }

  get maxDepth(): number {
    return this.limits.maxDepth;
  }

  /** One more file or folder seen; false once the walk must stop. */
  take(): boolean {
    if (++this.entries > this.limits.maxEntries) this.stop(`more than ${this.limits.maxEntries.toLocaleString("en")} files and folders`);
    return this.walking();
  }

  walking(): boolean {
    return this.timeLeft() && this.stoppedBy === null;
  }

  timeLeft(): boolean {
    if (Date.now() < this.deadline) return true;
    this.stop(`it took longer than ${this.limits.timeoutMs / 1000} s`);
    return false;
  }

  private stop(reason: string): void {
    this.stoppedBy ??= reason;
  }
}

class WarningCollector {
  private readonly seen = new Set<string>();
  private readonly collected: CatalogueWarning[] = [];

  add(file: string, message: string): void {
    const key = `${file}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.collected.push({ file, message });
  }

  list(): CatalogueWarning[] {
    return this.collected;
  }
}

/** A sorted walk: lmms-eval uses directory order, which differs between file systems, so we pick a stable one. */
async function listYamlFiles(dir: string, warnings: WarningCollector, budget: ScanBudget, at: { root: string; depth: number }): Promise<string[]> {
  if (!budget.walking()) return [];
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    warnings.add(dir, `task directory cannot be read: ${describeFsError(error)}`);
    return [];
  }
  entries.sort((a, b) => compareNames(a.name, b.name));
  const found: string[] = [];
  for (const entry of entries) {
    if (!budget.take()) break;
    const fullPath = path.join(dir, entry.name);
    // Symlinked directories are not followed, as with os.walk(followlinks=False); this also rules out loops.
    if (entry.isDirectory()) {
      if (IGNORED_DIRECTORIES.has(entry.name)) continue;
      if (at.depth >= budget.maxDepth) {
        warnings.add(at.root, `folders more than ${budget.maxDepth} levels below it are not scanned (e.g. ${fullPath})`);
        continue;
      }
      found.push(...(await listYamlFiles(fullPath, warnings, budget, { root: at.root, depth: at.depth + 1 })));
    } else if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/.test(entry.name)) {
      found.push(fullPath);
    }
  }
  return found;
}

/**
 * Reads and parses each walked file once, then, round by round, every file their `include:` chains reach (those may
 * live outside the roots). Problems with walked files are reported here; an unreadable include is reported on the
 * file that includes it, by the resolver.
 */
async function loadFilesWithIncludes(walkedFiles: string[], warnings: WarningCollector, budget: ScanBudget): Promise<Map<string, LoadedFile>> {
  const walked = new Set(walkedFiles);
  const files = new Map<string, LoadedFile>();
  let pending = [...walked];
  while (pending.length > 0 && budget.timeLeft()) {
    const loaded = await mapWithConcurrency(pending, READ_CONCURRENCY, loadFile, () => budget.timeLeft());
    const discovered = new Set<string>();
    pending.forEach((file, index) => {
      const result = loaded[index];
      // Not read because the scan ran out of time: left out, like files the walk never reached.
      if (result === undefined) return;
      files.set(file, result);
      if (!result.ok) {
        if (walked.has(file)) warnings.add(file, result.message);
        return;
      }
      if (result.unknownTags.length > 0) {
        const tags = [...new Set(result.unknownTags)].join(", ");
        warnings.add(file, `uses ${tags}, which lmms-eval's YAML loader does not define (it only knows !function): lmms-eval will fail on this file`);
      }
      if (isMapping(result.data)) {
        for (const include of stringList(result.data.include)) discovered.add(resolveIncludePath(file, include));
      }
    });
    pending = [...discovered].filter((file) => !files.has(file));
  }
  return files;
}

async function loadFile(file: string): Promise<LoadedFile> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { ok: false, message: "not a regular file" };
    if (stat.size > MAX_YAML_BYTES) return { ok: false, message: `larger than ${MAX_YAML_BYTES} bytes; not read` };
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    return { ok: false, message: describeFsError(error) };
  }
  const parsed = parseTaskYaml(text);
  if (!parsed.ok) return { ok: false, message: `YAML parse error: ${parsed.message}` };
  return { ok: true, text, data: parsed.data, unknownTags: parsed.unknownTags };
}

/** Runs fn over items, `limit` at a time, until `keepGoing` says no; results of items never started are undefined. */
async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>, keepGoing: () => boolean): Promise<Array<R | undefined>> {
  const results: Array<R | undefined> = new Array(items.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < items.length && keepGoing()) {
      const index = nextIndex++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * `utils.load_yaml_config`: the included files are the base and the including file's own keys override them (a
 * shallow merge); with several includes the first listed wins, because lmms-eval applies them in reverse. Runs
 * synchronously over already-loaded files, memoised per file, so each chain is resolved once however many files share
 * it. A cycle, which would make lmms-eval recurse until RecursionError, is reported and the back-edge skipped.
 */
class IncludeResolver {
  private readonly resolved = new Map<string, YamlMapping>();

  constructor(
    private readonly files: Map<string, LoadedFile>,
    private readonly warnings: WarningCollector,
  ) {}

  resolve(file: string): YamlMapping | null {
    return this.resolveAlong(file, []);
  }

  private resolveAlong(file: string, chain: string[]): YamlMapping | null {
    const memoised = this.resolved.get(file);
    if (memoised) return memoised;
    const loaded = this.files.get(file);
    if (!loaded || !loaded.ok || !isMapping(loaded.data)) return null;

    const { include, ...own } = loaded.data;
    if (include === undefined) {
      this.resolved.set(file, own);
      return own;
    }
    if (!isIncludeValue(include)) {
      this.warnings.add(file, "`include:` must be a file name or a list of file names; it is ignored");
    }
    const chainWithFile = [...chain, file];
    const base: YamlMapping = {};
    for (const includeName of stringList(include).reverse()) {
      const target = resolveIncludePath(file, includeName);
      const cycleStart = chainWithFile.indexOf(target);
      if (cycleStart >= 0) {
        const loop = [...chainWithFile.slice(cycleStart), target].map((p) => path.basename(p)).join(" → ");
        this.warnings.add(file, `include cycle ${loop}; lmms-eval would fail on it with RecursionError`);
        continue;
      }
      const included = this.resolveAlong(target, chainWithFile);
      if (included) {
        Object.assign(base, included);
      } else {
        this.warnings.add(file, `include '${includeName}' (${target}) cannot be used: ${this.whyUnusable(target)}`);
      }
    }
    const merged = { ...base, ...own };
    this.resolved.set(file, merged);
    return merged;
  }

  private whyUnusable(file: string): string {
    const loaded = this.files.get(file);
    return loaded?.ok === false ? loaded.message : "it is not a YAML mapping";
  }
}

/** `TaskManager._get_task_and_group` for one root: later files replace earlier definitions; tags only accumulate. */
function indexRoot(
  root: TaskRoot,
  rootFiles: string[],
  files: Map<string, LoadedFile>,
  resolver: IncludeResolver,
  warnings: WarningCollector,
): Map<string, IndexedEntry> {
  const index = new Map<string, IndexedEntry>();
  for (const file of rootFiles) {
    const loaded = files.get(file);
    if (!loaded || !loaded.ok) continue;
    if (loaded.data === null) {
      warnings.add(file, "file is empty; lmms-eval's loader fails on an empty YAML");
      continue;
    }
    const config = resolver.resolve(file);
    if (!config) continue;
    const classification = classify(config, file, warnings);
    if (classification.kind === "none") continue;
    if (!file.endsWith(".yaml")) {
      warnings.add(file, `lmms-eval only indexes *.yaml files, so it will not find '${classification.name}'; rename the file to .yaml`);
    }

    const definition: IndexedEntry = {
      name: classification.name,
      kind: classification.kind,
      yamlPath: file,
      source: root.source,
      root: root.dir,
      outputType: null,
      datasetPath: null,
      members: [],
      yamlText: loaded.text,
    };
    if (classification.kind === "group") {
      definition.members = classification.members;
    } else {
      definition.datasetPath = stringOrNull(config.dataset_path);
      definition.outputType = stringOrNull(config.output_type) ?? (classification.kind === "task" ? "generate_until" : null);
    }
    define(index, definition, file, warnings);
    if (classification.kind === "task") {
      for (const label of classification.labels) addTagMember(index, label, definition, file, warnings);
    }
  }
  return index;
}

function classify(config: YamlMapping, file: string, warnings: WarningCollector): Classification {
  if ("class" in config) {
    if (typeof config.task === "string") return { kind: "python_task", name: config.task };
    warnings.add(file, "has `class:` but no string `task:` name; lmms-eval cannot index it");
    return { kind: "none" };
  }
  if (Array.isArray(config.task)) {
    if (typeof config.group === "string") return { kind: "group", name: config.group, members: groupMembers(config.task, file, warnings) };
    warnings.add(file, "lists tasks under `task:` but has no string `group:` name; lmms-eval cannot index it");
    return { kind: "none" };
  }
  if (typeof config.task === "string") {
    // The legacy `group:` string on a task config is treated exactly like `tag:` by the indexer.
    return { kind: "task", name: config.task, labels: [...stringList(config.tag), ...stringList(config.group)] };
  }
  return { kind: "none" };
}

function groupMembers(items: unknown[], file: string, warnings: WarningCollector): string[] {
  const members: string[] = [];
  items.forEach((item, position) => {
    if (typeof item === "string") {
      members.push(item);
    } else if (isMapping(item) && typeof item.task === "string") {
      members.push(item.task);
    } else if (isMapping(item) && Array.isArray(item.task) && typeof item.group === "string") {
      members.push(item.group);
    } else {
      warnings.add(file, `group member ${position + 1} is neither a task name nor a config with a \`task:\` name`);
    }
  });
  return [...new Set(members)];
}

function define(index: Map<string, IndexedEntry>, definition: IndexedEntry, file: string, warnings: WarningCollector): void {
  const existing = index.get(definition.name);
  if (existing?.kind === "tag") {
    warnings.add(file, `'${definition.name}' is also a tag (on ${existing.members.join(", ")}); lmms-eval lets this ${definition.kind} replace the tag`);
  } else if (existing) {
    warnings.add(file, `'${definition.name}' is also defined in ${existing.yamlPath}; lmms-eval keeps whichever file it reads last`);
  }
  index.set(definition.name, definition);
}

function addTagMember(
  index: Map<string, IndexedEntry>,
  tag: string,
  task: IndexedEntry,
  file: string,
  warnings: WarningCollector,
): void {
  const existing = index.get(tag);
  if (!existing) {
    index.set(tag, { name: tag, kind: "tag", yamlPath: null, source: task.source, root: task.root, outputType: null, datasetPath: null, members: [task.name], yamlText: null });
  } else if (existing.kind !== "tag") {
    warnings.add(file, `tag '${tag}' is ignored: that name is already a ${existing.kind} (${existing.yamlPath})`);
  } else if (!existing.members.includes(task.name)) {
    existing.members.push(task.name);
  }
}

function withParents(catalogue: Map<string, IndexedEntry>): CatalogueEntry[] {
  const parents = new Map<string, Set<string>>();
  for (const entry of catalogue.values()) {
    if (entry.kind !== "group" && entry.kind !== "tag") continue;
    for (const member of entry.members) {
      if (!catalogue.has(member)) continue;
      const set = parents.get(member) ?? new Set<string>();
      set.add(entry.name);
      parents.set(member, set);
    }
  }
  return [...catalogue.values()]
    .map((entry) => ({ ...entry, parents: [...(parents.get(entry.name) ?? [])].sort(compareNames) }))
    .sort((a, b) => compareNames(a.name, b.name));
}

function describeEntry(entry: IndexedEntry): string {
  const origin = entry.source === "builtin" ? "the built-in" : "an earlier include-path";
  const where = entry.yamlPath ?? `tag on ${entry.members.join(", ")}`;
  return `${origin} ${entry.kind} (${where})`;
}

function isMapping(value: unknown): value is YamlMapping {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function isIncludeValue(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
}

/** `include:`, `tag:` and legacy `group:` each take one string or a list of them. */
function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/**
 * Absolute includes are used as they are, relative ones against the including file's directory. (lmms-eval first
 * tries a relative include against its own working directory; a dashboard cannot know that, and task YAMLs are
 * written relative to themselves.)
 */
function resolveIncludePath(includingFile: string, include: string): string {
  return path.isAbsolute(include) ? path.normalize(include) : path.resolve(path.dirname(includingFile), include);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** Code-point order, like Python's `sorted()` on the names lmms-eval prints. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "not found";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}
