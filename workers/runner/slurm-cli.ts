import { spawn } from "node:child_process";

export type SlurmCommandName = "sbatch" | "squeue" | "scontrol" | "scancel" | "sacct";

export type CommandResult = {
  /** null when the command could not start, timed out or died by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The executable was not found (ENOENT). */
  missing: boolean;
  timedOut: boolean;
};

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/**
 * Runs one Slurm client command from an argv (never a shell), with a timeout: slurmctld can be slow or unreachable,
 * and the worker must never hang on it. Executables can be replaced (tests use fakes; sites may use wrappers).
 */
export class SlurmCli {
  constructor(
    private readonly executables: Partial<Record<SlurmCommandName, string>> = {},
    private readonly timeoutMs = 60_000,
  ) {}

  executable(name: SlurmCommandName): string {
    return this.executables[name] ?? name;
  }

  run(name: SlurmCommandName, args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
    return new Promise((resolve) => {
      const child = spawn(this.executable(name), args, {
        cwd: opts.cwd,
        env: (opts.env ?? process.env) as NodeJS.ProcessEnv,
        stdio: ["pipe", "pipe", "pipe"],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = 0;
      let timedOut = false;
      let settled = false;
      const finish = (result: Omit<CommandResult, "stdout" | "stderr" | "timedOut">) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), timedOut });
      };
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        if (size > MAX_OUTPUT_BYTES) return;
        size += chunk.length;
        into.push(chunk);
      };
      child.stdout.on("data", collect(out));
      child.stderr.on("data", collect(err));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, opts.timeoutMs ?? this.timeoutMs);
      child.once("error", (error: NodeJS.ErrnoException) => {
        err.push(Buffer.from(error.message));
        finish({ code: null, missing: error.code === "ENOENT" });
      });
      child.once("close", (code) => finish({ code, missing: false }));
      // A command that exits before reading its input closes the pipe: that is its answer, not our error.
      child.stdin.on("error", () => {});
      child.stdin.end(opts.input ?? "");
    });
  }
}
