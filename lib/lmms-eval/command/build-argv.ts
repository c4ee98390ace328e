import path from "node:path";
import { RunParams } from "./run-params";

/**
 * The argv for one evaluation: `[...commandPrefix, "eval", --model, [--model_args], --tasks, --output_path,
 * --log_samples, --timezone UTC, …optional flags in a fixed order]`.
 *
 * - It is spawned without a shell, so every value reaches lmms-eval exactly as typed, as one argv element; nothing is
 *   quoted or escaped here.
 * - `--output_path` is a fresh directory per run, `--log_samples` is always on (samples, efficiency, task hashes) and
 *   `--timezone UTC` fixes the result file names' timestamp (docs/LMMS-EVAL-BEHAVIOUR.md §flags, §output-files).
 * - A value starting with `-` is attached as `--flag=value`: argparse would otherwise read it as an option (or, for
 *   `-h`, print help), and lmms-eval's dispatcher launches its unauthenticated web UI if any argv element is exactly
 *   `--tui` (cli/dispatch.py), so such a value must never stand alone.
 * - The params are parsed again so that a hand-built object cannot skip validation.
 */
export function buildEvalArgv(input: { commandPrefix: string[]; params: RunParams; outputDir: string }): string[] {
  if (input.commandPrefix.length === 0) throw new Error("the lmms-eval command prefix is empty");
  if (!path.isAbsolute(input.outputDir)) throw new Error(`outputDir must be an absolute path (got ${input.outputDir})`);
  const params = RunParams.parse(input.params);

  const argv = [...input.commandPrefix, "eval", ...option("--model", params.model)];
  if (params.modelArgs !== "") argv.push(...option("--model_args", params.modelArgs));
  argv.push(
    ...option("--tasks", params.tasks.join(",")),
    ...option("--output_path", input.outputDir),
    "--log_samples",
    "--timezone",
    "UTC",
  );

  if (params.includePath !== undefined) argv.push(...option("--include_path", params.includePath));
  if (params.limit !== undefined) argv.push(...option("--limit", String(params.limit)));
  if (params.batchSize !== undefined) argv.push(...option("--batch_size", String(params.batchSize)));
  if (params.numFewshot !== undefined) argv.push(...option("--num_fewshot", String(params.numFewshot)));
  if (params.genKwargs !== undefined && params.genKwargs !== "") argv.push(...option("--gen_kwargs", params.genKwargs));
  if (params.seed !== undefined) argv.push(...option("--seed", String(params.seed)));
  if (params.device !== undefined) argv.push(...option("--device", params.device));
  if (params.applyChatTemplate) argv.push("--apply_chat_template");
  if (params.systemInstruction !== undefined && params.systemInstruction !== "") {
    argv.push(...option("--system_instruction", params.systemInstruction));
  }
  if (params.useCache !== undefined) argv.push(...option("--use_cache", params.useCache));
  if (params.verbosity !== undefined) argv.push(...option("--verbosity", params.verbosity));
  return argv;
}

function option(flag: string, value: string): string[] {
  return value.startsWith("-") ? [`${flag}=${value}`] : [flag, value];
}
