import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { tempDir } from "../helpers/standin";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[(\w+)\] /;
const dataDir = tempDir("process-logs-");

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

it("every line the supervisor, the web process (Next's own request log included) and the worker print carries an ISO time", { timeout: 120_000 }, async () => {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: "development", NEXT_TELEMETRY_DISABLED: "1", LMMS_EVAL_CMD: "false" };
  execFileSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], { cwd: ROOT, env });
  const supervisor = spawn(
    process.execPath,
    ["-e", `import("./scripts/lib/supervisor.mjs").then(({ supervise }) => supervise({ web: ["--import", "tsx", "server.ts", "--dev"], worker: ["--import", "tsx", "workers/index.ts"] }))`],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const seen: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wait of seen) if (wait.pattern.test(output)) wait.resolve();
  };
  supervisor.stdout.on("data", onData);
  supervisor.stderr.on("data", onData);
  const printed = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(output)) return resolve();
      seen.push({ pattern, resolve });
      supervisor.once("exit", () => reject(new Error(`exited before printing ${pattern}:\n${output}`)));
    });
  const exited = new Promise((resolve) => supervisor.once("exit", resolve));
  try {
    await Promise.all([printed(/\[web\] LMMS-Eval Dashboard ready/), printed(/\[worker\] connected to the web process/)]);
    // Next prints its request log itself (not through our logger).
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    await printed(/GET \/api\/health 200/);
  } finally {
    supervisor.kill("SIGTERM");
    await exited;
  }
  const lines = output.replace(/\n$/, "").split("\n");
  const unstamped = lines.filter((line) => !STAMP.test(line));
  expect(unstamped, output).toEqual([]);
  const tags = new Set(lines.map((line) => STAMP.exec(line)![1]));
  expect([...tags].sort()).toEqual(expect.arrayContaining(["supervisor", "web", "worker"]));
  expect(output).toMatch(/\[supervisor\] stopping the web process and the worker \(SIGTERM\)/);
  expect(output).toMatch(/\[web\] .*GET \/api\/health 200/);
});
