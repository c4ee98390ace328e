import { z } from "zod";
import { EXECUTORS } from "@/db/schema";
import { splitCommandLine } from "@/lib/lmms-eval/resolve-command";
import { checkExtraDirective, checkMemory, checkSharedFolderPath, checkSlurmName, checkTimeLimit } from "@/lib/lmms-eval/slurm";

/** The settings row key; one JSON value holds every Slurm option. */
export const SLURM_SETTINGS_KEY = "slurm";

/** As stored (and as read back): already validated, so reading never touches the file system. */
export const SlurmSettings = z.object({
  defaultExecutor: z.enum(EXECUTORS).describe("where a launch goes when it does not say (form, REST, schedules, lmms-eval's EvalClient)"),
  sharedDir: z.string().describe("a folder the dashboard host and every node see at the same path; empty = Slurm not configured"),
  lmmsEvalCommand: z.array(z.string()).min(1).nullable().describe("the lmms-eval command on the nodes; null = the dashboard's own (LMMS_EVAL_CMD, …)"),
  partition: z.string(),
  account: z.string(),
  qos: z.string(),
  timeLimit: z.string().describe("Slurm time format; empty = the partition's default"),
  gpusPerRun: z.number().int().min(0).describe("--gres=gpu:N; 0 = none"),
  cpusPerRun: z.number().int().min(1).nullable(),
  memory: z.string().describe("--mem, e.g. 64G; empty = the cluster's default"),
  extraDirectives: z.array(z.string()).describe("whole '#SBATCH …' lines"),
  preamble: z.string().describe("shell code run on the node before lmms-eval"),
});
export type SlurmSettings = z.infer<typeof SlurmSettings>;

export const DEFAULT_SLURM_SETTINGS: SlurmSettings = {
  defaultExecutor: "local",
  sharedDir: "",
  lmmsEvalCommand: null,
  partition: "",
  account: "",
  qos: "",
  timeLimit: "",
  gpusPerRun: 0,
  cpusPerRun: null,
  memory: "",
  extraDirectives: [],
  preamble: "",
};

const MAX_PREAMBLE_BYTES = 16 * 1024;
const MAX_EXTRA_LINES = 50;

const text = (label: string, max = 200) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .default("");

/** A name field (partition, account, QoS): validated by the same rule the script generator re-checks. */
const slurmName = (label: string) =>
  text(label).superRefine((value, ctx) => {
    const problem = checkSlurmName(label, value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Form fields arrive as strings; "" means "not set". REST clients may send numbers or null. */
const optionalCount = (label: string, min: number) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? null : typeof value === "string" ? Number(value) : value),
    z
      .number({ error: `${label} must be a number` })
      .int({ error: `${label} must be a whole number` })
      .min(min, { error: `${label} must be ${min} or more` })
      .max(4096, { error: `${label} is too large` })
      .nullable(),
  );

/** A textarea (one line per entry) or a JSON array; blank lines are ignored. */
const lines = z.preprocess(
  (value) => (typeof value === "string" ? value.split(/\r?\n/) : value ?? []),
  z.array(z.string({ error: "each line must be text" })).transform((all) => all.map((l) => l.trim()).filter((l) => l !== "")),
);

/**
 * What an administrator submits (settings form or `PUT /api/v1/settings/slurm`): the whole configuration, fields left
 * out take their defaults. File-system checks (the shared folder exists and is writable) are done by the service.
 */
export const SlurmSettingsInput = z
  .object({
    defaultExecutor: z.enum(EXECUTORS, { error: "default executor must be local or slurm" }).default("local"),
    sharedDir: z
      .string({ error: "shared folder must be text" })
      .trim()
      .default("")
      .superRefine((value, ctx) => {
        const problem = value === "" ? null : checkSharedFolderPath(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .transform((value) => (value.length > 1 ? value.replace(/\/+$/, "") : value)),
    lmmsEvalCommand: z
      .union([z.string(), z.array(z.string()), z.null()], { error: "lmms-eval command must be a command line or a list of words" })
      .default(null)
      .transform((value, ctx) => {
        if (value === null) return null;
        if (Array.isArray(value)) {
          if (value.length === 0 || value.some((w) => w === "" || w.includes("\u0000"))) {
            ctx.addIssue({ code: "custom", message: "lmms-eval command: every word must be non-empty text" });
            return z.NEVER;
          }
          return value;
        }
        if (value.trim() === "") return null;
        try {
          return splitCommandLine(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: `lmms-eval command: ${(error as Error).message.replace(/^LMMS_EVAL_CMD[^:]*: ?/, "")}` });
          return z.NEVER;
        }
      }),
    partition: slurmName("partition"),
    account: slurmName("account"),
    qos: slurmName("QoS"),
    timeLimit: text("time limit", 40).superRefine((value, ctx) => {
      const problem = checkTimeLimit(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    gpusPerRun: optionalCount("GPUs per run", 0).transform((value) => value ?? 0),
    cpusPerRun: optionalCount("CPUs per run", 1),
    memory: text("memory", 40).superRefine((value, ctx) => {
      const problem = checkMemory(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    extraDirectives: lines.superRefine((all, ctx) => {
      if (all.length > MAX_EXTRA_LINES) ctx.addIssue({ code: "custom", message: `at most ${MAX_EXTRA_LINES} extra #SBATCH lines` });
      for (const line of all) {
        const problem = checkExtraDirective(line);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }
    }),
    preamble: z
      .string({ error: "preamble must be text" })
      .default("")
      .transform((value) => value.replace(/\r\n/g, "\n"))
      .refine((value) => !value.includes("\u0000"), "the preamble must not contain a NUL character")
      .refine((value) => Buffer.byteLength(value, "utf8") <= MAX_PREAMBLE_BYTES, `the preamble must be at most ${MAX_PREAMBLE_BYTES / 1024} KiB`),
  })
  .superRefine((settings, ctx) => {
    if (settings.defaultExecutor === "slurm" && settings.sharedDir === "") {
      ctx.addIssue({ code: "custom", path: ["defaultExecutor"], message: "Slurm can be the default only once a shared folder is set" });
    }
  });
export type SlurmSettingsInput = z.input<typeof SlurmSettingsInput>;

/** The public shape (admins only): the settings plus what they amount to. */
export const SlurmSettingsDto = z.strictObject({
  ...SlurmSettings.shape,
  configured: z.boolean().describe("a shared folder is set, so runs may be sent to Slurm"),
  effectiveLmmsEvalCommand: z.array(z.string()).describe("the command the nodes will run: the setting, or the dashboard's own"),
});
export type SlurmSettingsDto = z.infer<typeof SlurmSettingsDto>;
