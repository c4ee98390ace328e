// `npm run setup:lmms-eval [-- --path DIR] [--python PY]`: creates a Python virtual environment with the pinned
// lmms-eval, checks it, and records its command in DATA_DIR/lmms-eval.json, which the dashboard uses when
// LMMS_EVAL_CMD is unset (lib/lmms-eval/resolve-command.ts). Running it again reuses a good environment in seconds.
//
// Plain ESM JavaScript on purpose: it runs before node_modules exists. scripts/test-real.mjs imports
// `ensureLmmsEvalEnvironment` from here to build its shared cache environment the same way.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SCRIPTS = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(SCRIPTS, "..");
export const REQUIREMENTS_FILE = path.join(SCRIPTS, "lmms-eval-requirements.txt");
export const CONSTRAINTS_FILE = path.join(SCRIPTS, "lmms-eval-constraints.txt");
/** Same name as SETUP_RECORD_FILE in lib/lmms-eval/resolve-command.ts. */
export const SETUP_RECORD_FILE = "lmms-eval.json";

// Measured on a 2-core machine with PyPI at ~240 MB/s (docs/LMMS-EVAL-REAL.md): torch comes with its CUDA wheels,
// because PyPI has no CPU-only torch.
const DOWNLOAD_GB = 3;
const DISK_GB = 7;
const MIN_FREE_GB = 8;
const HEARTBEAT_MS = 30_000;
const MIN_PYTHON = [3, 10];

/** Why a setup failed; `network` means the package index could not be used (test-real skips on it). */
export class SetupError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

/** `name==version` lines of the pins files, keyed by normalised distribution name. */
export function readPins() {
  const pins = {};
  for (const file of [REQUIREMENTS_FILE, CONSTRAINTS_FILE]) {
    for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
      const line = raw.replace(/#.*/, "").trim();
      const match = /^([A-Za-z0-9._-]+)==(\S+)$/.exec(line);
      if (match) pins[normaliseName(match[1])] = match[2];
    }
  }
  if (!pins["lmms-eval"]) throw new Error(`${REQUIREMENTS_FILE} pins no lmms-eval version`);
  return pins;
}

function normaliseName(name) {
  return name.toLowerCase().replace(/[._-]+/g, "-");
}

export function venvPython(venv) {
  return path.join(venv, "bin", "python");
}

export function commandFor(venv) {
  return [venvPython(venv), "-m", "lmms_eval"];
}

function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

function freeBytes(dir) {
  let probe = path.resolve(dir);
  while (!fs.existsSync(probe)) probe = path.dirname(probe);
  const stats = fs.statfsSync(probe);
  return stats.bavail * stats.bsize;
}

/** Installed versions of the pinned distributions, read from package metadata (fast: imports neither torch nor lmms_eval). */
function installedVersions(python, names) {
  const script = [
    "import json, sys, importlib.metadata as m",
    "out = {}",
    "for n in sys.argv[1:]:",
    "    try: out[n] = m.version(n)",
    "    except m.PackageNotFoundError: out[n] = None",
    "print(json.dumps(out))",
  ].join("\n");
  const result = spawnSync(python, ["-c", script, ...names], { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) return null;
  try {
    return JSON.parse(result.stdout.trim().split("\n").pop());
  } catch {
    return null;
  }
}

function mismatches(python, pins) {
  const names = Object.keys(pins);
  const installed = installedVersions(python, names);
  if (!installed) return names.map((name) => `${name} (the environment's python does not run)`);
  return names.filter((name) => installed[name] !== pins[name]).map((name) => `${name} ${installed[name] ?? "missing"} (want ${pins[name]})`);
}

function pythonRuns(python) {
  const result = spawnSync(python, ["-c", "pass"], { timeout: 60_000 });
  return !result.error && result.status === 0;
}

/** `python -m lmms_eval version` is light (no torch import) and prints `lmms-eval <version>` first. */
export function verifyLmmsEval(venv, expected) {
  const result = spawnSync(venvPython(venv), ["-m", "lmms_eval", "version"], { encoding: "utf8", timeout: 120_000, cwd: os.tmpdir() });
  const version = /lmms-eval\s+v?(\S+)/.exec(result.stdout ?? "")?.[1] ?? null;
  if (result.status !== 0 || version !== expected) {
    const detail = (result.stderr || result.stdout || String(result.error ?? "")).trim().split("\n").slice(-3).join(" | ");
    throw new SetupError("verify", `\`${venvPython(venv)} -m lmms_eval version\` should print lmms-eval ${expected}, got ${version ?? "nothing"} (exit ${result.status}): ${detail}`);
  }
  return version;
}

function checkPython(python) {
  const result = spawnSync(python, ["-c", "import sys, venv; print('%d.%d.%d' % sys.version_info[:3])"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new SetupError("python", `Cannot run ${python} with the venv module (${(result.error?.message ?? result.stderr).trim()}). Install Python ≥ ${MIN_PYTHON.join(".")} with venv (Debian: apt-get install python3-venv), or pass --python /path/to/python3.`);
  }
  const version = result.stdout.trim();
  const [major, minor] = version.split(".").map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new SetupError("python", `${python} is Python ${version}; lmms-eval needs ≥ ${MIN_PYTHON.join(".")}. Pass --python /path/to/python3.11 (or set LMMS_EVAL_PYTHON).`);
  }
  return version;
}

// What pip prints when it cannot talk to its index (through a proxy or not): connection, DNS, TLS and proxy errors,
// and "from versions: none" when every index page failed to load.
const NETWORK_FAILURE = /NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution|Name or service not known|Max retries exceeded|ConnectTimeoutError|ReadTimeoutError|Connection (?:refused|reset|aborted)|Network is unreachable|ProxyError|Cannot connect to proxy|SSLError|CERTIFICATE_VERIFY_FAILED|HTTP error 40[37]|HTTP error 5\d\d|\(from versions: none\)/;

function indexDescription() {
  const index = process.env.PIP_INDEX_URL || process.env.PIP_EXTRA_INDEX_URL;
  return index ? `the package index (PIP_INDEX_URL=${index.replace(/\/\/[^/@]*@/, "//***@")})` : "PyPI (https://pypi.org/simple)";
}

// The most telling part of pip's connection warnings, e.g. `Failed to establish a new connection: [Errno 111] Connection refused`.
const CONNECTION_DETAIL = /Cannot connect to proxy|Failed to establish a new connection: [^'")]+|Temporary failure in name resolution|Name or service not known|Network is unreachable|CERTIFICATE_VERIFY_FAILED|SSLError\([^)]*|HTTP error \d+[^\n]*|Read timed out|ConnectTimeoutError/;

function networkDetail(output) {
  return CONNECTION_DETAIL.exec(output)?.[0].trim() ?? failureDetail(output);
}

function networkAdvice(detail) {
  return [
    `pip could not reach ${indexDescription()}: ${detail}`,
    "lmms-eval and its dependencies (torch, transformers, datasets, …) are installed from the Python package index.",
    "What to do:",
    "  • behind a proxy: export HTTPS_PROXY=http://proxy.host:port (and HTTP_PROXY), then run this again;",
    "  • with a local mirror (devpi, Artifactory, Nexus): export PIP_INDEX_URL=https://mirror.host/simple (pip.conf works too);",
    "  • air-gapped: install lmms-eval==0.7.3 with filelock==3.32.7 elsewhere and set LMMS_EVAL_CMD to its python -m lmms_eval.",
  ].join("\n");
}

/**
 * Runs pip, echoing its output line by line with a prefix and keeping the tail for error messages. A heartbeat
 * reports elapsed time and disk written while pip is silent (unpacking torch takes minutes without a line).
 */
function runPip(python, args, { log, label, heartbeat = false, startFree = 0, dir }) {
  return new Promise((resolve) => {
    const child = spawn(python, ["-m", "pip", ...args], {
      env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1", PYTHONUNBUFFERED: "1", PIP_PROGRESS_BAR: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tail = [];
    let pending = "";
    const started = Date.now();
    const onData = (chunk) => {
      pending += chunk.toString("utf8");
      const lines = pending.split(/\r?\n/);
      pending = lines.pop();
      for (const line of lines) {
        if (line.trim() === "") continue;
        tail.push(line);
        if (tail.length > 60) tail.shift();
        // "Requirement already satisfied" lines are noise on a re-run; everything else is progress worth seeing.
        if (!line.startsWith("Requirement already satisfied")) log(`  ${label}│ ${line}`);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = heartbeat
      ? setInterval(() => {
          const written = Math.max(0, startFree - freeBytes(dir)) / 1e9;
          log(`  … still installing: ${formatDuration(Date.now() - started)} elapsed, ~${written.toFixed(1)} GB written to disk so far`);
        }, HEARTBEAT_MS)
      : null;
    child.on("error", (error) => {
      if (timer) clearInterval(timer);
      resolve({ status: 1, output: String(error) });
    });
    child.on("close", (status) => {
      if (timer) clearInterval(timer);
      if (pending.trim()) tail.push(pending);
      resolve({ status: status ?? 1, output: tail.join("\n") });
    });
  });
}

function failureDetail(output) {
  const lines = output.split("\n").filter((line) => line.trim() !== "");
  const errorLine = lines.filter((line) => /^ERROR:|Error|error:/.test(line)).pop();
  return (errorLine ?? lines.pop() ?? "no output").trim();
}

/** One setup at a time per environment: two CI clones on one machine share the cache environment. */
async function withLock(venv, log, fn) {
  const lock = `${venv}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  let waitedFor = null;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      let owner = 0;
      let ageMs = 0;
      try {
        ageMs = Date.now() - fs.statSync(lock).mtimeMs;
        owner = Number(fs.readFileSync(path.join(lock, "pid"), "utf8")) || 0;
      } catch {
        // the owner just released it, or has not written its pid yet
      }
      let alive = owner === 0 && ageMs < 10_000;
      try {
        if (owner) {
          process.kill(owner, 0);
          alive = true;
        }
      } catch {
        alive = false;
      }
      if (!alive) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waitedFor !== owner) log(`Another setup (pid ${owner}) is working on ${venv}; waiting for it…`);
      waitedFor = owner;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Makes sure `venv` holds the pinned lmms-eval and returns `{ command, version, venv, reused, seconds }`.
 * An environment whose pinned versions are already installed is reused without pip; otherwise the venv is created
 * (or repaired in place: venvs cannot be moved, so there is no build-then-rename) and pip installs the pins.
 * Throws SetupError (`kind`: network | disk | python | install | verify).
 */
export async function ensureLmmsEvalEnvironment({ venv, python = process.env.LMMS_EVAL_PYTHON || "python3", log = console.log } = {}) {
  venv = path.resolve(venv);
  const started = Date.now();
  const pins = readPins();
  const want = pins["lmms-eval"];
  return withLock(venv, log, async () => {
    const isVenv = fs.existsSync(path.join(venv, "pyvenv.cfg"));
    if (!isVenv && fs.existsSync(venv) && fs.readdirSync(venv).length > 0) {
      throw new SetupError("python", `${venv} exists and is not a Python virtual environment; choose another place with --path.`);
    }
    if (isVenv && !pythonRuns(venvPython(venv))) {
      // Its base interpreter was removed or replaced (a pyenv version deleted, an OS upgrade): a venv cannot be
      // repaired in place, and its packages were built for the old interpreter anyway.
      log(`${venv} is a virtual environment whose Python no longer runs; recreating it`);
      fs.rmSync(venv, { recursive: true, force: true });
    }
    if (fs.existsSync(venvPython(venv))) {
      const wrong = mismatches(venvPython(venv), pins);
      if (wrong.length === 0) {
        const version = verifyLmmsEval(venv, want);
        log(`✓ Reusing ${venv}: lmms-eval ${version} with its pins is already installed (${formatDuration(Date.now() - started)})`);
        return { command: commandFor(venv), version, venv, reused: true, seconds: (Date.now() - started) / 1000 };
      }
      log(`${venv} exists but needs changes: ${wrong.join(", ")}`);
    }

    const pythonVersion = checkPython(python);
    const free = freeBytes(venv);
    if (free < MIN_FREE_GB * 1e9) {
      throw new SetupError("disk", `Only ${(free / 1e9).toFixed(1)} GB free where ${venv} goes; the environment needs ~${DISK_GB} GB (plus pip's cache). Free some space or choose another place with --path.`);
    }
    if (!fs.existsSync(venvPython(venv))) {
      log(`Creating a virtual environment in ${venv} (Python ${pythonVersion})`);
      fs.mkdirSync(path.dirname(venv), { recursive: true });
      const created = spawnSync(python, ["-m", "venv", venv], { encoding: "utf8" });
      if (created.status !== 0) {
        throw new SetupError("python", `\`${python} -m venv ${venv}\` failed: ${(created.stderr || created.stdout).trim()} (Debian: apt-get install python3-venv)`);
      }
    }
    const vpy = venvPython(venv);

    // A quick look at the index first (the pinned wheel, ~4 MB) so that an unreachable index costs seconds and
    // says so, instead of failing deep inside a 3 GB install.
    log(`Checking that pip can reach ${indexDescription()}…`);
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), "lmms-eval-probe-"));
    const probe = await runPip(vpy, ["download", "--no-deps", "--no-cache-dir", "--retries", "1", "--timeout", "20", "--dest", probeDir, `lmms-eval==${want}`], { log, label: "pip" });
    fs.rmSync(probeDir, { recursive: true, force: true });
    if (probe.status !== 0) {
      const detail = failureDetail(probe.output);
      if (NETWORK_FAILURE.test(probe.output)) throw new SetupError("network", networkAdvice(networkDetail(probe.output)));
      throw new SetupError("install", `pip cannot download lmms-eval==${want}: ${detail}`);
    }

    log(`Installing lmms-eval ${want} and its dependencies: downloads ~${DOWNLOAD_GB} GB (torch with its CUDA libraries: PyPI has no CPU-only torch) and needs ~${DISK_GB} GB of disk; about 7 minutes on a fast connection.`);
    const upgradePip = await runPip(vpy, ["install", "--upgrade", "pip>=24"], { log, label: "pip" });
    if (upgradePip.status !== 0 && NETWORK_FAILURE.test(upgradePip.output)) throw new SetupError("network", networkAdvice(networkDetail(upgradePip.output)));
    const installStarted = Date.now();
    const install = await runPip(vpy, ["install", "-r", REQUIREMENTS_FILE, "-c", CONSTRAINTS_FILE], {
      log,
      label: "pip",
      heartbeat: true,
      startFree: freeBytes(venv),
      dir: venv,
    });
    if (install.status !== 0) {
      const detail = failureDetail(install.output);
      if (NETWORK_FAILURE.test(install.output)) throw new SetupError("network", networkAdvice(networkDetail(install.output)));
      if (/No space left on device/.test(install.output)) throw new SetupError("disk", `The disk filled up while installing into ${venv}: ${detail}`);
      throw new SetupError("install", `pip install failed (exit ${install.status}): ${detail}\nRun it again to resume; pip keeps what it already installed.`);
    }
    log(`pip finished in ${formatDuration(Date.now() - installStarted)}`);
    const wrong = mismatches(vpy, pins);
    if (wrong.length > 0) throw new SetupError("verify", `After pip install the pins still differ: ${wrong.join(", ")}`);
    const version = verifyLmmsEval(venv, want);
    log(`✓ lmms-eval ${version} installed in ${venv} (${formatDuration(Date.now() - started)})`);
    return { command: commandFor(venv), version, venv, reused: false, seconds: (Date.now() - started) / 1000 };
  });
}

/** Writes DATA_DIR/lmms-eval.json atomically (temp file + rename), so the dashboard never reads half a file. */
export function writeSetupRecord(dataDir, { command, version, venv }) {
  fs.mkdirSync(dataDir, { recursive: true });
  const target = path.join(dataDir, SETUP_RECORD_FILE);
  const temp = path.join(dataDir, `.${SETUP_RECORD_FILE}.${process.pid}.tmp`);
  const record = { command, version, venv, installedAt: new Date().toISOString() };
  fs.writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(temp, target);
  return target;
}

function parseArgs(argv) {
  const options = { path: null, python: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--path") options.path = value();
    else if (arg.startsWith("--path=")) options.path = arg.slice("--path=".length);
    else if (arg === "--python") options.python = value();
    else if (arg.startsWith("--python=")) options.python = arg.slice("--python=".length);
    else if (arg === "-h" || arg === "--help") options.help = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

const USAGE = `Usage: npm run setup:lmms-eval [-- --path DIR] [--python PYTHON]

Creates a virtual environment with lmms-eval ${"(pins: scripts/lmms-eval-requirements.txt, scripts/lmms-eval-constraints.txt)"}
and records its command in DATA_DIR/lmms-eval.json for the dashboard.
  --path DIR       where the environment goes (default: DATA_DIR/lmms-eval-venv; DATA_DIR defaults to ./data)
  --python PYTHON  the interpreter to create it with (default: $LMMS_EVAL_PYTHON or python3; Python >= 3.10)`;

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`✗ ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = path.resolve(ROOT, process.env.DATA_DIR || "data");
  const venv = path.resolve(options.path ?? path.join(dataDir, "lmms-eval-venv"));
  try {
    const result = await ensureLmmsEvalEnvironment({ venv, python: options.python });
    const record = writeSetupRecord(dataDir, result);
    console.log(`✓ Recorded the command in ${record}:\n  ${result.command.join(" ")}`);
    if (process.env.LMMS_EVAL_CMD) console.log(`  Note: LMMS_EVAL_CMD is set (${process.env.LMMS_EVAL_CMD}) and takes precedence over this record.`);
    console.log("  Restart the dashboard (stop npm start and start it again; it reads the command once, at startup) to use it, then check Settings → System and press “Refresh catalogue” on the new-run page.");
  } catch (error) {
    if (error instanceof SetupError) {
      console.error(`\n✗ lmms-eval setup failed (${error.kind}):\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
