/**
 * The one error the ingest parsers throw for bad input files. It names the file and, where one exists, the
 * 1-based line (and column) so a user can open the file at the broken spot. `message` is the full sentence
 * ("<file>:<line>:<column>: <reason>"); `reason` is the same without the location, for UIs that show the location
 * separately. I/O failures (missing file, permission denied) are not wrapped: they are not the file's fault.
 */
export class IngestError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly reason: string;

  constructor(params: { file: string; reason: string; line?: number; column?: number; cause?: unknown }) {
    const location = [params.file, params.line, params.line === undefined ? undefined : params.column]
      .filter((part) => part !== undefined)
      .join(":");
    super(`${location}: ${params.reason}`, params.cause === undefined ? undefined : { cause: params.cause });
    this.name = "IngestError";
    this.file = params.file;
    this.line = params.line;
    this.column = params.column;
    this.reason = params.reason;
  }
}
