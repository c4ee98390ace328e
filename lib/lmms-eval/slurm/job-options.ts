import path from "node:path";

/**
 * What an administrator chooses for every Slurm run (Settings → Slurm), in the shape the batch-script generator
 * takes. Empty strings / null mean "leave it to the cluster's defaults" (no `#SBATCH` line is written).
 */
export type SlurmJobOptions = {
  partition: string;
  account: string;
  qos: string;
  /** Slurm time format (`minutes`, `HH:MM:SS`, `D-HH`, …); empty = the partition's default limit. */
  timeLimit: string;
  /** `--gres=gpu:N`; 0 = no GPU request. */
  gpusPerRun: number;
  cpusPerRun: number | null;
  /** `--mem`, e.g. `64G`; empty = the cluster's default. */
  memory: string;
  /** Whole `#SBATCH …` lines, written after the dashboard's own. */
  extraDirectives: string[];
  /** Shell code run on the node before lmms-eval (module loads, `source venv/bin/activate`). Trusted admin input. */
  preamble: string;
};

// Partition/account/QoS names as Slurm accepts them; partitions may be a comma-separated list.
const SLURM_NAME = /^[A-Za-z0-9_.+-]+(,[A-Za-z0-9_.+-]+)*$/;
// sbatch --time: minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes, days-hours:minutes:seconds.
const SLURM_TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$/i;
const SLURM_MEMORY = /^\d+[KMGT]?$/i;
/**
 * Options the dashboard owns in every script: the console files it tails, the name and comment it finds its jobs by,
 * the folder its script works in, and single (non-array) jobs. An extra line setting one of them would silently
 * break following the run, so it is refused.
 */
const OWNED_OPTIONS: Array<[RegExp, string]> = [
  [/^(-o|--output)\b/, "--output (the dashboard tails the job's console files)"],
  [/^(-e|--error)\b/, "--error (the dashboard tails the job's console files)"],
  [/^(-J|--job-name)\b/, "--job-name (the dashboard finds its jobs by name)"],
  [/^--comment\b/, "--comment (the dashboard finds its jobs by comment)"],
  [/^(-D|--chdir)\b/, "--chdir (the job works in its run folder)"],
  [/^(-a|--array)\b/, "--array (one run is one job)"],
  [/^--open-mode\b/, "--open-mode (the console files are read by byte offset)"],
  [/^--wrap\b/, "--wrap (the dashboard writes the script)"],
  [/^--parsable\b/, "--parsable (the dashboard reads the job id)"],
];

export function checkSlurmName(label: string, value: string): string | null {
  if (value === "" || SLURM_NAME.test(value)) return null;
  return `${label} may only contain letters, digits, '.', '_', '+' and '-' (comma-separated for several partitions)`;
}

export function checkTimeLimit(value: string): string | null {
  if (value === "" || SLURM_TIME.test(value)) return null;
  return "time limit must be in Slurm's format: minutes, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 04:00:00)";
}

export function checkMemory(value: string): string | null {
  if (value === "" || SLURM_MEMORY.test(value)) return null;
  return "memory must be a number with an optional unit K, M, G or T (e.g. 64G)";
}

/** One extra `#SBATCH` line: exactly one line, starting with `#SBATCH `, not touching an option the dashboard owns. */
export function checkExtraDirective(line: string): string | null {
  if (/[\r\n\u0000]/.test(line)) return "each extra line must be a single line";
  if (!line.startsWith("#SBATCH ")) return `extra lines must start with "#SBATCH " (got "${line.slice(0, 40)}")`;
  const option = line.slice("#SBATCH ".length).trim();
  if (option === "") return "an extra #SBATCH line has no option";
  for (const [pattern, what] of OWNED_OPTIONS) if (pattern.test(option)) return `the dashboard sets ${what}; remove "${line}"`;
  return null;
}

/**
 * The shared folder appears inside `#SBATCH --output="…"` lines, which sbatch parses itself (double quotes, `%j`
 * patterns) before any shell sees them; characters that parser treats specially are refused instead of escaped.
 */
export function checkSharedFolderPath(value: string): string | null {
  if (value.trim() === "") return "shared folder is required";
  if (!path.isAbsolute(value)) return "shared folder must be an absolute path (starting with /)";
  if (/[\u0000-\u001f\u007f"\\%]/.test(value)) return "shared folder must not contain quotes, backslashes, '%' or control characters";
  return null;
}

/** Every check of the options at once (the settings service reports them per field; the generator re-checks). */
export function slurmOptionProblems(options: SlurmJobOptions): Array<{ field: keyof SlurmJobOptions; message: string }> {
  const problems: Array<{ field: keyof SlurmJobOptions; message: string }> = [];
  const add = (field: keyof SlurmJobOptions, message: string | null) => {
    if (message) problems.push({ field, message });
  };
  add("partition", checkSlurmName("partition", options.partition));
  add("account", checkSlurmName("account", options.account));
  add("qos", checkSlurmName("QoS", options.qos));
  add("timeLimit", checkTimeLimit(options.timeLimit));
  add("memory", checkMemory(options.memory));
  if (!Number.isInteger(options.gpusPerRun) || options.gpusPerRun < 0) add("gpusPerRun", "GPUs per run must be a whole number, 0 or more");
  if (options.cpusPerRun !== null && (!Number.isInteger(options.cpusPerRun) || options.cpusPerRun < 1)) {
    add("cpusPerRun", "CPUs per run must be a whole number, 1 or more");
  }
  for (const line of options.extraDirectives) add("extraDirectives", checkExtraDirective(line));
  if (options.preamble.includes("\u0000")) add("preamble", "the preamble must not contain a NUL character");
  return problems;
}
