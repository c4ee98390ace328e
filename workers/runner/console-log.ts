import fs from "node:fs";

/**
 * A run's raw console copy (`DATA_DIR/runs/<id>/console.log`). Writes are synchronous so the file keeps the exact
 * order of both streams; they throw like `fs.writeSync` (ENOSPC when the disk is full, EIO, …), and RunExecution turns
 * that into a failed run instead of an uncaught exception in a stream handler.
 */
export type ConsoleLog = {
  write(text: string): void;
  close(): void;
};

/** Tests swap this for a writer whose writes fail, to check a full disk ends the run and not the worker. */
export type OpenConsoleLog = (file: string) => ConsoleLog;

export const openConsoleLog: OpenConsoleLog = (file) => {
  const fd = fs.openSync(file, "a");
  return {
    write(text) {
      fs.writeSync(fd, text);
    },
    close() {
      fs.closeSync(fd);
    },
  };
};

/** Why a run's files could not be written, in words that say what to do; the OS message is kept for the details. */
export function describeStorageError(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "ENOSPC":
      return `The disk holding DATA_DIR is full: ${message} (writing ${file})`;
    case "EDQUOT":
      return `The disk quota of DATA_DIR is used up: ${message} (writing ${file})`;
    case "EROFS":
      return `DATA_DIR became read-only: ${message} (writing ${file})`;
    default:
      return `Could not write ${file} in DATA_DIR: ${message}`;
  }
}
