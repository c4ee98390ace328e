import fs from "node:fs";
import path from "node:path";
import type { AppConfig } from "@/lib/config";
import { InvalidInputError } from "@/lib/services/errors";

/** The configured folders a run's host paths are checked against. */
export type RunPathRoots = Pick<AppConfig, "lmmsEvalIncludePaths" | "responseCacheRoot">;

/**
 * The folders a run's `--include_path` may name or lie inside: the administrator's include folders
 * (LMMS_EVAL_INCLUDE_PATHS). lmms-eval walks an include path and imports the Python modules its YAMLs name, and the
 * dashboard scans it to check task names, so an arbitrary host folder is neither safe nor cheap. The custom-benchmark
 * store under DATA_DIR adds its folder here.
 */
export function allowedIncludeRoots(roots: RunPathRoots): string[] {
  return roots.lmmsEvalIncludePaths;
}

function isWithin(candidate: string, folder: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** The real path of `target`, or of its deepest existing ancestor with the rest appended (for paths to be created). */
function realPathOfNearest(target: string): string {
  const missing: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(target);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** Inside `folder`, both as written and after symlinks are resolved (a link inside pointing out does not count). */
function isInside(candidate: string, folder: string): boolean {
  return isWithin(path.resolve(candidate), path.resolve(folder)) && isWithin(realPathOfNearest(candidate), realPathOfNearest(folder));
}

function refuse(field: "includePath" | "useCache", message: string, fieldMessage = message): never {
  throw new InvalidInputError(message, { [field]: [fieldMessage] });
}

/**
 * A run's host paths must stay inside the folders the administrator configured: `includePath` inside an include
 * folder (and an existing folder), `useCache` inside LMMS_EVAL_CACHE_ROOT (lmms-eval creates it if needed).
 * Checked before anything looks at the path, so the answer does not tell whether some other host path exists.
 */
export function checkRunPaths(params: { includePath?: string; useCache?: string }, roots: RunPathRoots): void {
  if (params.includePath !== undefined) {
    const allowed = allowedIncludeRoots(roots);
    if (!allowed.some((root) => isInside(params.includePath!, root))) {
      const hint = allowed.length
        ? `Use one of the include folders (LMMS_EVAL_INCLUDE_PATHS) or a folder inside one: ${allowed.join(", ")}`
        : "No include folders are configured: an administrator lists them in LMMS_EVAL_INCLUDE_PATHS";
      refuse("includePath", `include path ${params.includePath} is not inside an include folder. ${hint}`, hint);
    }
    if (!fs.statSync(params.includePath, { throwIfNoEntry: false })?.isDirectory()) {
      refuse("includePath", `include path ${params.includePath} is not a folder on the dashboard host`, "Not a folder on the dashboard host");
    }
  }
  if (params.useCache !== undefined && !isInside(params.useCache, roots.responseCacheRoot)) {
    const hint = `The response cache must be inside ${roots.responseCacheRoot} (LMMS_EVAL_CACHE_ROOT), e.g. ${path.join(roots.responseCacheRoot, "my-model")}`;
    refuse("useCache", `response cache path ${params.useCache} is outside the cache folder. ${hint}`, hint);
  }
}
