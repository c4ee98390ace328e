import { apiErrorMessage } from "@/lib/results-view/import-files";

/**
 * `POST /api/v1/imports` answers: the candidates of a preview (`?dryRun=true`) and the result of an import (201), as
 * the service types them (type-only imports; nothing server-side is bundled).
 */
export type { ImportCandidate, ImportedRun, ImportResult } from "@/lib/services/results/import-runs";

export type UploadProgress = { loaded: number; total: number; done: boolean };

export class ImportRequestError extends Error {}

export type ImportSource = { kind: "files"; files: Array<{ file: File; name: string }> } | { kind: "path"; path: string };

/**
 * Sends an import to the API. Files go as multipart through XMLHttpRequest, the one browser API that reports upload
 * progress; a server path goes as JSON. The session cookie authenticates; the browser adds the Origin header the
 * API requires for cookie-authenticated POSTs.
 */
export function sendImport<T>(
  source: ImportSource,
  { dryRun, onProgress, signal }: { dryRun: boolean; onProgress?: (p: UploadProgress) => void; signal?: AbortSignal },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/imports${dryRun ? "?dryRun=true" : ""}`);
    xhr.responseType = "text";
    xhr.setRequestHeader("accept", "application/json");
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0, done: false });
      xhr.upload.onload = () => onProgress({ loaded: 1, total: 1, done: true });
    }
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body !== null) resolve(body as T);
      else reject(new ImportRequestError(apiErrorMessage(xhr.status, body)));
    };
    xhr.onerror = () => reject(new ImportRequestError(apiErrorMessage(0, null)));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    if (source.kind === "files") {
      const form = new FormData();
      for (const { file, name } of source.files) form.append("files", file, name);
      xhr.send(form);
    } else {
      xhr.setRequestHeader("content-type", "application/json");
      xhr.send(JSON.stringify({ path: source.path }));
    }
  });
}
