/**
 * Which picked files an import uploads. The server accepts results JSON, samples JSONL and .zip/.tar.gz archives
 * and stores uploaded files flat by base name, so a folder pick is filtered here (console logs, task YAMLs and
 * images stay home) and two files with the same name in different sub-folders are flagged: only an archive keeps
 * them apart.
 */
export type PickedFile = { name: string; path: string; size: number };

export const ACCEPTED_IMPORT_FILE = /(\.json|\.jsonl|\.zip|\.tar\.gz|\.tgz)$/i;

export type ImportSelection<F extends PickedFile> = {
  accepted: F[];
  ignored: F[];
  /** Base names that occur more than once among the accepted files. */
  duplicateNames: string[];
  totalBytes: number;
  hasResultsFile: boolean;
};

export function selectImportFiles<F extends PickedFile>(files: F[]): ImportSelection<F> {
  const accepted: F[] = [];
  const ignored: F[] = [];
  const seen = new Map<string, number>();
  const seenPaths = new Set<string>();
  for (const file of files) {
    // The same file picked twice (e.g. dropped again) is one file.
    if (seenPaths.has(file.path)) continue;
    seenPaths.add(file.path);
    if (!ACCEPTED_IMPORT_FILE.test(file.name)) {
      ignored.push(file);
      continue;
    }
    accepted.push(file);
    seen.set(file.name, (seen.get(file.name) ?? 0) + 1);
  }
  return {
    accepted,
    ignored,
    duplicateNames: [...seen].filter(([, count]) => count > 1).map(([name]) => name),
    totalBytes: accepted.reduce((sum, f) => sum + f.size, 0),
    hasResultsFile: accepted.some((f) => /_results\.json$/i.test(f.name) || /\.(zip|tar\.gz|tgz)$/i.test(f.name)),
  };
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

export type ApiErrorBody = { error?: { code?: string; message?: string; fields?: Record<string, string[]>; requestId?: string } };

/** A sentence for an API error response, with the HTTP status as a fallback when the body is not ours. */
export function apiErrorMessage(status: number, body: unknown): string {
  const error = (body as ApiErrorBody | null)?.error;
  if (error?.message) {
    const fields = error.fields ? Object.values(error.fields).flat().filter((m) => m && m !== error.message) : [];
    return [error.message, ...fields].join(" — ") + (error.requestId ? ` (reference ${error.requestId})` : "");
  }
  if (status === 413) return "The upload is too large for the server.";
  if (status === 401) return "Your session has expired. Sign in again and retry.";
  if (status === 0) return "The server could not be reached. Check the connection and retry.";
  return `The server answered with HTTP ${status}.`;
}
