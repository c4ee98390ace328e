// `npm run test:real [-- <vitest filters>]`: the tier that runs the REAL lmms-eval (pinned in
// scripts/lmms-eval-requirements.txt) through the dashboard's own services, on CPU, offline (no model or dataset
// download). It needs a 7 GB Python environment, kept in a cache shared by every clone on the machine:
//   $LMMS_EVAL_TEST_VENV, else the one `npm run setup:lmms-eval` made for this clone (if it holds the pinned version),
//   else $HOME/.cache/lmms-eval-dashboard/lmms-eval-<version>
// created with setup-lmms-eval.mjs's code when missing (~7 minutes once). When the package index cannot be reached
// the tier is skipped with a loud banner and exit 0: the other tiers must not depend on a 3 GB download.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDependencies, step } from "./lib/ensure.mjs";
import { ensureLmmsEvalEnvironment, readPins, ROOT, SETUP_RECORD_FILE, SetupError } from "./setup-lmms-eval.mjs";

function banner(lines) {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const rule = "█".repeat(width);
  console.log(`\n${rule}\n${lines.map((line) => `█ ${line.padEnd(width - 4)} █`).join("\n")}\n${rule}\n`);
}

const started = Date.now();
const version = readPins()["lmms-eval"];

/**
 * The environment `npm run setup:lmms-eval` made for this clone (DATA_DIR/lmms-eval.json), when it holds the pinned
 * version: `setup:lmms-eval && test:real` then installs once, not twice.
 */
function setupEnvironment() {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(path.resolve(ROOT, process.env.DATA_DIR || "data"), SETUP_RECORD_FILE), "utf8"));
    return record.version === version && typeof record.venv === "string" && fs.existsSync(record.venv) ? record.venv : null;
  } catch {
    return null;
  }
}

const venv = path.resolve(process.env.LMMS_EVAL_TEST_VENV || setupEnvironment() || path.join(os.homedir(), ".cache", "lmms-eval-dashboard", `lmms-eval-${version}`));

// A fresh clone has no node_modules yet; an existing install is left alone (npm ci would replace it).
if (!fs.existsSync(path.join(ROOT, "node_modules", ".bin", "vitest"))) ensureDependencies();

step(`Real lmms-eval ${version}: environment ${venv}`);
let environment;
try {
  environment = await ensureLmmsEvalEnvironment({ venv });
} catch (error) {
  if (error instanceof SetupError && error.kind === "network") {
    banner([
      "REAL lmms-eval TIER SKIPPED: the Python package index cannot be reached,",
      `so lmms-eval ${version} could not be installed into ${venv}.`,
      "No real-lmms-eval test ran. Why:",
      ...error.message.split("\n"),
    ]);
    process.exit(0);
  }
  console.error(`\n✗ Could not prepare lmms-eval ${version} for the real tier${error instanceof SetupError ? ` (${error.kind})` : ""}:\n${error.message}`);
  process.exit(1);
}

step("Real lmms-eval tier (vitest.real.config.mts): dummy, openai + mock server, failures, catalogue, multiple_choice");
const vitest = spawnSync(path.join(ROOT, "node_modules", ".bin", "vitest"), ["run", "--config", "vitest.real.config.mts", ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
  env: {
    ...process.env,
    LMMS_EVAL_REAL_COMMAND: JSON.stringify(environment.command),
    LMMS_EVAL_REAL_VERSION: environment.version,
    LMMS_EVAL_REAL_VENV: environment.venv,
  },
});
const seconds = Math.round((Date.now() - started) / 1000);
if (vitest.status !== 0) {
  console.error(`\n✗ Real lmms-eval tier failed (exit ${vitest.status ?? vitest.signal}) after ${seconds}s`);
  process.exit(vitest.status || 1);
}
console.log(`\n✓ Real lmms-eval tier passed in ${seconds}s (environment ${environment.reused ? "reused" : `installed in ${Math.round(environment.seconds)}s`})`);
