import { isSecretKey, parseKeyValueArgs, quoteForPosixShell } from "@/lib/lmms-eval/command";
import { checkSharedFolderPath, slurmOptionProblems, type SlurmJobOptions } from "./job-options";
import type { RunFolder } from "@/lib/run-folder";
import { slurmJobName } from "./job-name";

/** Exit codes the script itself uses, so the worker can name the problem instead of "exited with code 97". */
export const SCRIPT_EXIT = { runFolderMissing: 97, envFileMissing: 96 } as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_VARIABLE_PREFIX = "LMMS_DASHBOARD_SECRET_";
/** Flags whose value is a `k=v,…` list in which credential-named keys are secrets (same list as the preview's). */
const KEY_VALUE_FLAGS = new Set(["--model_args", "--gen_kwargs", "--wandb_args", "--swanlab_args", "--hf_hub_log_args"]);
const HF_TOKEN = /\bhf_[A-Za-z0-9]{16,}\b/g;

export type BatchScriptInput = {
  runId: number;
  /** The lmms-eval argv, exactly as a local run would spawn it. */
  argv: string[];
  paths: RunFolder;
  options: SlurmJobOptions;
  /** The run's own environment variables. All are treated as secret: they go to the env file, never into the script. */
  env: Record<string, string>;
  /** Literal strings of the argv that must not appear in the script (see secretArgvValues). */
  secretValues: string[];
  /** Non-secret variables the script exports itself (PYTHONUNBUFFERED, the run marker), after the run's own. */
  exports: Record<string, string>;
};

export type BatchScript = {
  /** The script given to sbatch and stored with the run: no secret value appears in it. */
  script: string;
  /** The env file's content (to be written 0600 at paths.envFile), or null when the run needs none. */
  envFile: string | null;
};

/**
 * The values in an lmms-eval argv that are credentials: values of credential-named keys in `k=v` flags (`api_key=…`,
 * `token=…`, the same rule as lmms-eval's redaction) and Hugging Face tokens anywhere. The batch script refers to
 * them through variables set by the env file, so the stored script shows none of them.
 */
export function secretArgvValues(argv: string[]): string[] {
  const values = new Set<string>();
  argv.forEach((word, index) => {
    const attached = /^(--[a-z_]+)=([\s\S]*)$/.exec(word);
    const kv = attached && KEY_VALUE_FLAGS.has(attached[1]) ? attached[2] : index > 0 && KEY_VALUE_FLAGS.has(argv[index - 1]) ? word : null;
    if (kv !== null) {
      const parsed = parseKeyValueArgs(kv);
      if (parsed.ok) {
        for (const [key, value] of parsed.pairs) {
          if (!isSecretKey(key) || value === "") continue;
          values.add(value);
          // lmms-eval strips one level of quotes; hide the bare value too.
          const unquoted = value.replace(/^(["'])(.*)\1$/, "$2");
          if (unquoted !== "") values.add(unquoted);
        }
      }
    }
    for (const token of word.match(HF_TOKEN) ?? []) values.add(token);
  });
  return [...values].sort((a, b) => b.length - a.length);
}

/** Single-quotes for bash: everything inside is literal, so quotes, `$()`, backticks, globs and newlines stay text. */
function shellWord(word: string, isCommandWord = false): string {
  if (word.includes("\u0000")) throw new Error("a shell word cannot contain a NUL character");
  return quoteForPosixShell(word, isCommandWord);
}

/** One argv element: literal parts single-quoted, secret parts as `"${LMMS_DASHBOARD_SECRET_n}"`, glued into one word. */
function renderArgvWord(word: string, secrets: Array<{ value: string; variable: string }>, isCommandWord: boolean): string {
  const parts: string[] = [];
  let literal = "";
  const pushLiteral = () => {
    if (literal !== "") parts.push(shellWord(literal, isCommandWord && parts.length === 0));
    literal = "";
  };
  for (let i = 0; i < word.length; ) {
    const hit = secrets.find((s) => word.startsWith(s.value, i));
    if (hit) {
      pushLiteral();
      parts.push(`"\${${hit.variable}}"`);
      i += hit.value.length;
    } else {
      literal += word[i];
      i += 1;
    }
  }
  pushLiteral();
  return parts.length ? parts.join("") : "''";
}

/** `#SBATCH` lines are parsed by sbatch, not a shell: values with spaces go in double quotes (paths only). */
function directive(option: string, value: string | number, quoted = false): string {
  return quoted ? `#SBATCH ${option}="${value}"` : `#SBATCH ${option}=${value}`;
}

/**
 * The batch script of one run. It is a shell script, so every value is escaped: argv elements, paths and exported
 * values are single-quoted; credentials never appear in it (the env file holds them). It runs the exact argv of a
 * local run, writes lmms-eval's exit status next to the console files and exits with it, so Slurm's ExitCode is
 * lmms-eval's.
 */
export function buildBatchScript(input: BatchScriptInput): BatchScript {
  const { runId, argv, paths, options } = input;
  if (argv.length === 0) throw new Error("the lmms-eval argv is empty");
  const pathProblem = checkSharedFolderPath(paths.runDir);
  if (pathProblem) throw new Error(`run folder: ${pathProblem}`);
  const problems = slurmOptionProblems(options);
  if (problems.length) throw new Error(`invalid Slurm options: ${problems.map((p) => p.message).join("; ")}`);
  for (const name of [...Object.keys(input.env), ...Object.keys(input.exports)]) {
    if (!ENV_NAME.test(name)) throw new Error(`environment variable name '${name}' cannot be exported by a shell`);
  }

  const secrets = [...new Set(input.secretValues.filter((v) => v !== ""))]
    .sort((a, b) => b.length - a.length)
    .filter((value) => argv.some((word) => word.includes(value)))
    .map((value, i) => ({ value, variable: `${SECRET_VARIABLE_PREFIX}${i + 1}` }));
  const envNames = Object.keys(input.env).sort();
  const needsEnvFile = envNames.length > 0 || secrets.length > 0;

  const lines: string[] = [
    "#!/bin/bash",
    directive("--job-name", slurmJobName(runId)),
    directive("--comment", paths.runDir, true),
    directive("--output", paths.stdout, true),
    directive("--error", paths.stderr, true),
    // lmms-eval cannot resume, and a requeued job would truncate the console files the worker is reading.
    "#SBATCH --no-requeue",
  ];
  if (options.partition) lines.push(directive("--partition", options.partition));
  if (options.account) lines.push(directive("--account", options.account));
  if (options.qos) lines.push(directive("--qos", options.qos));
  if (options.timeLimit) lines.push(directive("--time", options.timeLimit));
  if (options.gpusPerRun > 0) lines.push(directive("--gres", `gpu:${options.gpusPerRun}`));
  if (options.cpusPerRun !== null) lines.push(directive("--cpus-per-task", options.cpusPerRun));
  if (options.memory) lines.push(directive("--mem", options.memory));
  lines.push(...options.extraDirectives);

  lines.push(
    "",
    `# Generated by the LMMS-Eval Dashboard for run #${runId}. sbatch reads the #SBATCH lines above; the rest runs on`,
    "# the node. No secret value is written here: the run's environment and credential arguments are in a 0600 file",
    "# that this script reads and then deletes.",
  );
  if (options.preamble.trim() !== "") {
    lines.push("", "# --- preamble (Settings → Slurm) ---", options.preamble.replace(/\s+$/, ""), "# --- end of preamble ---");
  }
  lines.push(
    "",
    `run_dir=${shellWord(paths.runDir)}`,
    'if ! cd -- "$run_dir"; then',
    `  echo "[dashboard] the shared folder is not visible on $(hostname): cannot enter $run_dir" >&2`,
    `  exit ${SCRIPT_EXIT.runFolderMissing}`,
    "fi",
  );
  if (needsEnvFile) {
    lines.push(
      `env_file=${shellWord(paths.envFile)}`,
      'if [ ! -r "$env_file" ]; then',
      `  echo "[dashboard] the run's environment file $env_file is missing on $(hostname)" >&2`,
      `  exit ${SCRIPT_EXIT.envFileMissing}`,
      "fi",
      '. "$env_file"',
      'rm -f -- "$env_file"',
    );
  }
  for (const [name, value] of Object.entries(input.exports)) lines.push(`export ${name}=${shellWord(value)}`);
  lines.push(
    "",
    argv.map((word, index) => renderArgvWord(word, secrets, index === 0)).join(" "),
    "status=$?",
    `printf '%s\\n' "$status" > ${shellWord(paths.exitStatus)}`,
    'exit "$status"',
    "",
  );

  const envFile = needsEnvFile
    ? [
        `# Run #${runId}: its environment and credential arguments. Read and deleted by its batch script.`,
        ...envNames.map((name) => `export ${name}=${shellWord(input.env[name])}`),
        ...secrets.map((s) => `${s.variable}=${shellWord(s.value)}`),
        "",
      ].join("\n")
    : null;
  return { script: lines.join("\n"), envFile };
}
