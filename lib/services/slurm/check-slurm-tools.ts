import { execFile } from "node:child_process";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";

export type SlurmToolsStatus = {
  /** `sbatch --version` on the dashboard host (the worker submits from here). */
  sbatch: { found: boolean; version: string | null; error: string | null };
  /** `sinfo` partitions, when the controller answers. */
  partitions: Array<{ name: string; isDefault: boolean; available: string; timeLimit: string; nodes: string; state: string }> | null;
  controllerError: string | null;
};

function run(command: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      resolve({ ok: !error, stdout, stderr: stderr || (error ? error.message : ""), missing: code === "ENOENT" });
    });
  });
}

/** What the settings page shows next to the form: can this host submit at all, and which partitions exist. */
export async function checkSlurmTools({ ctx }: { ctx: ServiceContext }): Promise<SlurmToolsStatus> {
  authorize(ctx, can.manageSettings);
  const version = await run("sbatch", ["--version"], 5_000);
  if (version.missing) {
    return {
      sbatch: { found: false, version: null, error: "sbatch is not on the PATH of the dashboard: install the Slurm client tools (with the cluster's slurm.conf and munge key) on this host" },
      partitions: null,
      controllerError: null,
    };
  }
  const sbatch = { found: true, version: version.ok ? version.stdout.trim() : null, error: version.ok ? null : version.stderr.trim() };
  const sinfo = await run("sinfo", ["-h", "-o", "%P|%a|%l|%D|%T"], 10_000);
  if (!sinfo.ok) return { sbatch, partitions: null, controllerError: sinfo.stderr.trim() || "sinfo failed" };
  const partitions = sinfo.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const [name, available, timeLimit, nodes, state] = line.split("|");
      return { name: name.replace(/\*$/, ""), isDefault: name.endsWith("*"), available, timeLimit, nodes, state };
    });
  return { sbatch, partitions, controllerError: null };
}
