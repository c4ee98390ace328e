// Plain ESM JavaScript on purpose: this runs before node_modules (and so tsx) exists.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const INSTALL_STAMP = path.join(ROOT, "node_modules", ".dashboard-install-stamp");
const BUILD_STAMP = path.join(ROOT, ".next", "dashboard-source-hash");

// Everything `next build` reads. workers/ and server.ts run from source through tsx and need no build.
const BUILD_INPUTS = ["app", "components", "lib", "db", "public", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

export function step(message) {
  console.log(`\n\u001b[1m▶ ${message}\u001b[0m`);
}

export function run(command, args, opts = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", ...opts, env: { ...process.env, ...opts.env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function runOrExit(command, args, opts = {}) {
  const status = run(command, args, opts);
  if (status !== 0) {
    console.error(`\n✗ ${command} ${args.join(" ")} failed (exit ${status})`);
    process.exit(status);
  }
}

function hashFile(hash, file) {
  hash.update(path.relative(ROOT, file));
  hash.update(fs.readFileSync(file));
}

function hashTree(hash, target) {
  if (!fs.existsSync(target)) return;
  const stat = fs.statSync(target);
  if (stat.isFile()) return hashFile(hash, target);
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    hashTree(hash, path.join(target, entry.name));
  }
}

function digest(inputs) {
  const hash = crypto.createHash("sha256");
  for (const input of inputs) hashTree(hash, path.join(ROOT, input));
  return hash.digest("hex");
}

/**
 * better-sqlite3 compiles from source where its prebuilt binaries cannot be downloaded; node-gyp then needs Node's
 * headers, which live under the install prefix of the running node (for Debian's nodejs: /usr).
 * docs/STACK-NOTES.md §native-build.
 */
function nodeHeadersDir() {
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  return fs.existsSync(path.join(prefix, "include", "node", "node.h")) ? prefix : null;
}

function dependenciesSatisfied() {
  const listed = spawnSync("npm", ["ls", "--depth=0", "--json"], { cwd: ROOT, encoding: "utf8" });
  if (listed.status !== 0) return false;
  // The native module must also load with this Node (a copied node_modules can hold another ABI's build).
  return spawnSync(process.execPath, ["-e", "new (require('better-sqlite3'))(':memory:').close()"], { cwd: ROOT }).status === 0;
}

/** Installs dependencies when node_modules is missing or was installed from another package-lock.json. */
export function ensureDependencies() {
  const lockHash = digest(["package-lock.json", "package.json"]);
  const stamp = fs.existsSync(INSTALL_STAMP) ? fs.readFileSync(INSTALL_STAMP, "utf8") : null;
  if (stamp === lockHash && fs.existsSync(path.join(ROOT, "node_modules", ".bin", "next"))) return;
  // Installed by hand (e.g. `npm install x` during development)? If node_modules already satisfies the lock file,
  // record that instead of wiping and reinstalling everything.
  if (fs.existsSync(path.join(ROOT, "node_modules")) && dependenciesSatisfied()) {
    fs.writeFileSync(INSTALL_STAMP, lockHash);
    return;
  }
  step("Installing dependencies (first start or package-lock.json changed; compiling better-sqlite3 can take a minute)");
  const env = {};
  const headers = nodeHeadersDir();
  if (headers && !process.env.npm_config_nodedir) env.npm_config_nodedir = headers;
  const hasLock = fs.existsSync(path.join(ROOT, "package-lock.json"));
  runOrExit("npm", hasLock ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"], { env });
  fs.writeFileSync(INSTALL_STAMP, lockHash);
}

/** Builds the Next app when no build exists or any build input changed since the last one. */
export function ensureBuild() {
  const sourceHash = digest(BUILD_INPUTS);
  const stamp = fs.existsSync(BUILD_STAMP) ? fs.readFileSync(BUILD_STAMP, "utf8") : null;
  if (stamp === sourceHash && fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  step("Building the web app (source changed since the last build)");
  runOrExit(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], { env: { NEXT_TELEMETRY_DISABLED: "1" } });
  fs.writeFileSync(BUILD_STAMP, sourceHash);
}

export function migrate() {
  step("Applying database migrations");
  runOrExit(process.execPath, ["--import", "tsx", "scripts/migrate.ts"]);
}
