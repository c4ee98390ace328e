// `npm test` (and CI's .ci/run): install what the tests need, then typecheck, vitest, the Playwright suite against a
// production build on its own port and database, and the clean-clone `npm start` check.
import fs from "node:fs";
import { ensureBuild, ensureDependencies, run, runOrExit, step } from "./lib/ensure.mjs";

const CHROMIUM = "/usr/bin/chromium";

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  step("Installing Debian's chromium for the browser tests (Playwright must not download browsers)");
  // CI machines run as root; elsewhere sudo must work without a password prompt.
  const prefix = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const apt = (args, env = {}) => run(prefix[0] ?? "apt-get", [...prefix.slice(1), ...(prefix.length ? ["apt-get"] : []), ...args], { env });
  if (apt(["update"]) !== 0 || apt(["install", "-y", "chromium", "fonts-liberation"], { DEBIAN_FRONTEND: "noninteractive" }) !== 0) {
    console.error(`✗ Could not install chromium with apt-get; install it so that ${CHROMIUM} exists, then re-run npm test.`);
    process.exit(1);
  }
}

const started = Date.now();
ensureDependencies();
ensureChromium();

step("Typecheck (tsc --noEmit)");
runOrExit("node_modules/.bin/tsc", ["--noEmit", "-p", "."]);

step("Unit, service and integration tests (vitest)");
runOrExit("node_modules/.bin/vitest", ["run"]);

step("Real lmms-eval tier (installs the pinned lmms-eval once into ~/.cache; skipped with a banner when PyPI is unreachable)");
runOrExit(process.execPath, ["scripts/test-real.mjs"]);

ensureBuild();
step("End-to-end tests (Playwright, Debian chromium, production build)");
runOrExit("node_modules/.bin/playwright", ["test"]);

step("Slurm tier (a real single-node cluster; skipped with a banner when Slurm cannot be installed)");
runOrExit(process.execPath, ["scripts/test-slurm.mjs"]);

step("Clean-clone check: npm start from a fresh copy with an empty DATA_DIR");
runOrExit("node_modules/.bin/vitest", ["run", "--config", "vitest.slow.config.mts"]);

console.log(`\n✓ All tests passed in ${Math.round((Date.now() - started) / 1000)}s`);
