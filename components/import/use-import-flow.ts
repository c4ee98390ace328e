"use client";

import { useCallback, useRef, useState } from "react";
import { ImportRequestError, sendImport, type ImportCandidate, type ImportResult, type ImportSource, type UploadProgress } from "./import-request";

export type ImportPhase =
  | { kind: "idle" }
  | { kind: "sending"; dryRun: boolean; progress: UploadProgress | null }
  | { kind: "previewed"; candidates: ImportCandidate[] }
  | { kind: "done"; result: ImportResult; candidates: ImportCandidate[] | null }
  | { kind: "error"; message: string; dryRun: boolean };

/** Preview → import as a small state machine, with upload progress and cancel. */
export function useImportFlow() {
  const [phase, setPhase] = useState<ImportPhase>({ kind: "idle" });
  const controller = useRef<AbortController | null>(null);
  const lastCandidates = useRef<ImportCandidate[] | null>(null);

  const send = useCallback(async (source: ImportSource, dryRun: boolean) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setPhase({ kind: "sending", dryRun, progress: source.kind === "files" ? { loaded: 0, total: 0, done: false } : null });
    try {
      const onProgress = (progress: UploadProgress) => setPhase((p) => (p.kind === "sending" ? { ...p, progress } : p));
      if (dryRun) {
        const { candidates } = await sendImport<{ candidates: ImportCandidate[] }>(source, { dryRun, onProgress, signal: abort.signal });
        lastCandidates.current = candidates;
        setPhase({ kind: "previewed", candidates });
      } else {
        const result = await sendImport<ImportResult>(source, { dryRun, onProgress, signal: abort.signal });
        setPhase({ kind: "done", result, candidates: lastCandidates.current });
      }
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") {
        setPhase({ kind: "idle" });
        return;
      }
      setPhase({ kind: "error", dryRun, message: error instanceof ImportRequestError ? error.message : "The import failed unexpectedly. Try again." });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  }, []);

  const cancel = useCallback(() => controller.current?.abort(), []);
  const reset = useCallback(() => {
    controller.current?.abort();
    lastCandidates.current = null;
    setPhase({ kind: "idle" });
  }, []);

  return { phase, send, cancel, reset };
}
