import { execFile, type ExecFileException } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { findOnPath } from "../resolve-command";

export type PackageLocation =
  | { ok: true; python: string; packageDir: string; tasksDir: string }
  | { ok: false; reason: string };

/** Importing lmms_eval is light (no torch, docs/LMMS-EVAL-BEHAVIOUR.md §install), but a cold venv on a network disk can still be slow. */
const LOCATE_TIMEOUT_MS = 20_000;
const PRINT_PACKAGE_DIR = "import lmms_eval, os; print(os.path.dirname(lmms_eval.__file__))";
/** Enough for a shebang plus pip's two-line `/bin/sh` trampoline. */
const SCRIPT_HEAD_BYTES = 4096;
const MAX_REASON_LENGTH = 500;

/** The child's whole environment. Not NodeJS.ProcessEnv, which Next.js' types extend with a required NODE_ENV. */
export type ChildEnvironment = Record<string, string | undefined>;

/**
 * Finds the installed lmms_eval package, whose `tasks/` folder is the built-in task root for the scanner.
 * The interpreter comes from the configured command prefix: `python -m lmms_eval` (or any python argv[0]) is used as
 * is; a console script (`lmms-eval`, `/venv/bin/lmms-eval`, `accelerate`) is read for its shebang. The interpreter then
 * runs a one-liner through execFile (argv, never a shell) with the caller's environment.
 */
export async function locateLmmsEvalPackage(options: {
  commandPrefix: string[];
  env: ChildEnvironment;
}): Promise<PackageLocation> {
  const interpreter = await derivePythonInterpreter(options.commandPrefix, options.env);
  if (!interpreter.ok) return interpreter;
  const python = interpreter.python;

  return new Promise<PackageLocation>((resolve) => {
    execFile(
      python,
      ["-c", PRINT_PACKAGE_DIR],
      { env: options.env as NodeJS.ProcessEnv, timeout: LOCATE_TIMEOUT_MS, maxBuffer: 1 << 20, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          resolve({ ok: false, reason: describeFailure(python, error, stderr) });
          return;
        }
        const packageDir = lastNonEmptyLine(stdout);
        if (!packageDir || !path.isAbsolute(packageDir)) {
          resolve({ ok: false, reason: `${python} printed no package directory (got ${JSON.stringify(stdout.slice(0, 200))})` });
          return;
        }
        resolve({ ok: true, python, packageDir, tasksDir: path.join(packageDir, "tasks") });
      },
    );
  });
}

export type InterpreterResult = { ok: true; python: string } | { ok: false; reason: string };

export async function derivePythonInterpreter(commandPrefix: string[], env: ChildEnvironment): Promise<InterpreterResult> {
  const program = commandPrefix[0];
  if (!program) return { ok: false, reason: "the lmms-eval command is empty" };
  if (looksLikePython(program)) return { ok: true, python: program };

  const scriptPath = program.includes("/") ? path.resolve(program) : findOnPath(program, env.PATH ?? "");
  if (!scriptPath) return { ok: false, reason: `'${program}' was not found on PATH` };
  let head: string;
  try {
    const handle = await fs.open(scriptPath, "r");
    try {
      const buffer = Buffer.alloc(SCRIPT_HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SCRIPT_HEAD_BYTES, 0);
      head = buffer.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, reason: `cannot read ${scriptPath}: ${(error as Error).message}` };
  }
  const python = interpreterFromScriptHead(head);
  if (!python) {
    return { ok: false, reason: `${scriptPath} is not a Python console script (its #! line names no python interpreter)` };
  }
  return { ok: true, python };
}

/**
 * The interpreter a console script runs under: `#!/venv/bin/python3`, `#!/usr/bin/env python3`, or the form pip and
 * uv write when the interpreter path is too long or has spaces for a #! line:
 *   #!/bin/sh
 *   '''exec' '/very/long/venv path/bin/python' "$0" "$@"
 */
export function interpreterFromScriptHead(head: string): string | null {
  const [firstLine = "", secondLine = ""] = head.split("\n");
  if (!firstLine.startsWith("#!")) return null;
  const words = firstLine.slice(2).trim().split(/\s+/);
  const launcher = path.basename(words[0] ?? "");
  if (launcher === "env") {
    const command = words.slice(1).find((word) => !word.startsWith("-") && !word.includes("="));
    return command && looksLikePython(command) ? command : null;
  }
  if (looksLikePython(words[0] ?? "")) return words[0];
  if (launcher === "sh") {
    const trampoline = /^'''exec' (?:'([^']+)'|"([^"]+)"|(\S+)) "\$0" "\$@"/.exec(secondLine);
    const candidate = trampoline ? (trampoline[1] ?? trampoline[2] ?? trampoline[3]) : null;
    return candidate && looksLikePython(candidate) ? candidate : null;
  }
  return null;
}

function looksLikePython(program: string): boolean {
  return /^(python|pypy)[0-9.]*$/.test(path.basename(program));
}

function describeFailure(python: string, error: ExecFileException, stderr: string): string {
  if (error.code === "ENOENT") return `python interpreter '${python}' was not found`;
  if (error.killed) return `${python} did not finish importing lmms_eval within ${LOCATE_TIMEOUT_MS / 1000} s`;
  const lastError = lastNonEmptyLine(stderr) ?? error.message;
  return `${python} could not import lmms_eval: ${lastError}`.slice(0, MAX_REASON_LENGTH);
}

function lastNonEmptyLine(text: string): string | null {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  return lines.at(-1) ?? null;
}
