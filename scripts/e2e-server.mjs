// The server Playwright starts: the production pipeline of `npm start` on a fresh DATA_DIR, with lmms-eval replaced by
// the project's stand-in (tests/fixtures/standin) so runs behave like lmms-eval without torch or GPUs.
import fs from "node:fs";
import path from "node:path";
import { ensureBuild, migrate, ROOT } from "./lib/ensure.mjs";
import { supervise } from "./lib/supervisor.mjs";

// E2E_DATA lets a second suite (the Slurm tier's browser test) keep its own database beside the main one.
const dataDir = path.join(ROOT, "test-results", process.env.E2E_DATA || "e2e-data");
fs.rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
process.env.LMMS_EVAL_CMD = "python3 -m lmms_eval";
process.env.PYTHONPATH = path.join(ROOT, "tests", "fixtures", "standin");
process.env.MAX_CONCURRENT_RUNS = process.env.MAX_CONCURRENT_RUNS ?? "2";

migrate();
ensureBuild();
supervise({
  web: ["--import", "tsx", "server.ts"],
  worker: ["--import", "tsx", "workers/index.ts"],
  env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
