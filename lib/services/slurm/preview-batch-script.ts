import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { buildEvalArgv } from "@/lib/lmms-eval/command";
import { buildBatchScript } from "@/lib/lmms-eval/slurm";
import { runFolder, runsDirIn } from "@/lib/run-folder";
import { isSlurmConfigured } from "./read-slurm-settings";
import type { SlurmSettings } from "./schemas";

/** The example is shown as run #123 (a real number, so the quoting shown is the quoting a run gets). */
export const EXAMPLE_RUN_ID = 123;

/**
 * The batch script an example run (one task, one secret variable) would get with these settings — the same generator
 * the worker uses, so what the settings page shows is what sbatch will read. null until a shared folder is set.
 */
export function previewBatchScript({ ctx, settings, dashboardCommand }: { ctx: ServiceContext; settings: SlurmSettings; dashboardCommand: string[] }): string | null {
  authorize(ctx, can.manageSettings);
  if (!isSlurmConfigured(settings)) return null;
  const paths = runFolder(runsDirIn(settings.sharedDir), EXAMPLE_RUN_ID);
  const argv = buildEvalArgv({
    commandPrefix: settings.lmmsEvalCommand ?? dashboardCommand,
    params: { model: "qwen2_5_vl", modelArgs: "pretrained=Qwen/Qwen2.5-VL-7B-Instruct", tasks: ["mme"] },
    outputDir: paths.outputDir,
  });
  try {
    const { script } = buildBatchScript({
      runId: EXAMPLE_RUN_ID,
      argv,
      paths,
      options: settings,
      env: { HF_TOKEN: "example" },
      secretValues: [],
      exports: { PYTHONUNBUFFERED: "1", LMMS_DASHBOARD_RUN_ID: String(EXAMPLE_RUN_ID) },
    });
    return script;
  } catch (error) {
    return `# These settings cannot make a script: ${(error as Error).message}`;
  }
}
