// `npm run test:slurm`: the Slurm tier. Installs Debian's Slurm packages when they are missing, brings up a real
// single-node cluster (munge + slurmctld + slurmd, no systemd: scripts/slurm/start-slurm.sh), runs tests/slurm/** against
// it and the browser test of tests/slurm-ui (playwright.slurm.config.ts), and always stops the daemons afterwards.
// Where Slurm cannot be installed it says so loudly and exits 0.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCRIPTS = path.join(ROOT, "scripts", "slurm");
const PACKAGES = ["slurmctld", "slurmd", "slurm-client", "munge"];
const BASE = process.env.SLURM_BASE || path.join(os.tmpdir(), "lmms-eval-dashboard-slurm");
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function step(message) {
  console.log(`\n\u001b[1m▶ ${message}\u001b[0m`);
}

function skip(reason) {
  const bar = "!".repeat(100);
  console.log(`\n${bar}\nSLURM TIER SKIPPED: ${reason}\nNo Slurm test ran. Fix the above and re-run: npm run test:slurm\n${bar}\n`);
  process.exit(0);
}

function run(command, args, opts = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", ...opts, env: { ...process.env, ...opts.env } });
  if (result.error) return { status: 1, error: result.error, stdout: "", stderr: String(result.error.message) };
  return { status: result.status ?? 1, stdout: result.stdout?.toString() ?? "", stderr: result.stderr?.toString() ?? "" };
}

const onPath = (name) => run("sh", ["-c", `command -v ${name}`], { stdio: "pipe" }).status === 0;

// Daemons and apt-get need root: root itself, or password-less sudo.
const isRoot = process.getuid?.() === 0;
const sudo = isRoot ? [] : run("sudo", ["-n", "true"], { stdio: "pipe" }).status === 0 ? ["sudo", "-n", "-E"] : null;
if (!sudo) skip("it needs root (or password-less sudo) to install Slurm and to start munged, slurmctld and slurmd.");
const asRoot = (command, args, opts) => (sudo.length ? run(sudo[0], [...sudo.slice(1), command, ...args], opts) : run(command, args, opts));

// 1. Packages (the small set: a single node needs no plugins from slurm-wlm's Recommends).
const missing = ["slurmctld", "slurmd", "sbatch", "munged"].filter((tool) => !onPath(tool) && !fs.existsSync(`/usr/sbin/${tool}`));
if (missing.length) {
  if (!fs.existsSync("/usr/bin/apt-get")) skip(`Slurm is not installed (${missing.join(", ")} missing) and this system has no apt-get to install ${PACKAGES.join(" ")}.`);
  step(`Installing ${PACKAGES.join(" ")} with apt-get (${missing.join(", ")} missing)`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const update = asRoot("apt-get", ["update", "-q"], { stdio: "pipe", env });
  const install = asRoot("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...PACKAGES], { stdio: "pipe", env });
  if (install.status !== 0) {
    const said = `${update.status !== 0 ? update.stderr : ""}\n${install.stderr}`.trim().split("\n").slice(-5).join("\n   ");
    skip(`apt-get could not install ${PACKAGES.join(" ")} (exit ${install.status}):\n   ${said}`);
  }
  console.log(`installed in ${seconds()}`);
}

// 2. The cluster. From here on the daemons are always stopped, whatever happens.
let interrupted = null;
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => (interrupted = signal));
const clusterEnv = { SLURM_BASE: BASE, SLURM_INSTALL: "0", SLURM_WARMUP: "1", SLURM_CPUS: process.env.SLURM_CPUS || "8" };
let status = 1;
try {
  step(`Starting a single-node Slurm cluster (state in ${BASE})`);
  const up = asRoot("bash", [path.join(SCRIPTS, "start-slurm.sh")], { env: clusterEnv });
  if (up.status !== 0) {
    console.error(`\n✗ The Slurm cluster did not start (exit ${up.status}); see ${BASE}/log/`);
  } else if (!interrupted) {
    step("Slurm tests (vitest, tests/slurm)");
    status = run(path.join(ROOT, "node_modules", ".bin", "vitest"), ["run", "--config", "vitest.slurm.config.mts", ...process.argv.slice(2)]).status;
    if (status === 0 && !interrupted && process.argv.length <= 2) {
      step("Slurm in the browser (Playwright, tests/slurm-ui: settings → run form → live run page)");
      status = run(path.join(ROOT, "node_modules", ".bin", "playwright"), ["test", "--config", "playwright.slurm.config.ts"]).status;
    }
  }
} finally {
  step("Stopping the Slurm cluster");
  asRoot("bash", [path.join(SCRIPTS, "stop-slurm.sh")], { env: clusterEnv });
}
if (interrupted) {
  console.error(`\n✗ interrupted (${interrupted}) after ${seconds()}`);
  process.exit(130);
}
console.log(status === 0 ? `\n✓ Slurm tier passed in ${seconds()}` : `\n✗ Slurm tier failed (exit ${status}) after ${seconds()}`);
process.exit(status);
