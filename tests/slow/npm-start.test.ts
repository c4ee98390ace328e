import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const PORT = 3400 + Math.floor(Math.random() * 400);
const copy = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-clean-"));
let child: ReturnType<typeof spawn> | null = null;

afterAll(() => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  fs.rmSync(copy, { recursive: true, force: true });
});

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForHealth(deadline: number): Promise<Record<string, unknown>> {
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://localhost:${PORT}/api/health`);
      const body = (await res.json()) as Record<string, unknown>;
      if (res.ok && body.worker === "up") return body;
      last = body;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`/api/health did not report ok with the worker up: ${String(last)}`);
}

it("`npm start` from a clean copy with an empty DATA_DIR installs, migrates, builds and serves /api/health", async () => {
  // Exactly what a fresh clone has: tracked files plus new files not ignored (no node_modules, .next or data).
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
  }
  expect(fs.existsSync(path.join(copy, "node_modules"))).toBe(false);

  const output: string[] = [];
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(PORT) };
  for (const key of ["DATA_DIR", "DATABASE_PATH", "LMMS_EVAL_CMD", "NODE_ENV", "ADMIN_EMAIL", "ADMIN_PASSWORD", "NEXTAUTH_URL", "NEXTAUTH_SECRET"]) delete env[key];
  const started = spawn("npm", ["start"], { cwd: copy, env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child = started;
  started.stdout?.on("data", (d) => output.push(String(d)));
  started.stderr?.on("data", (d) => output.push(String(d)));

  let health: Record<string, unknown>;
  try {
    health = await waitForHealth(Date.now() + 12 * 60_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- npm start output ---\n${output.join("").slice(-4000)}`);
  }
  expect(health).toMatchObject({ status: "ok", db: "ok", worker: "up" });
  expect(fs.existsSync(path.join(copy, "data", "dashboard.db"))).toBe(true);
  expect(fs.existsSync(path.join(copy, "data", "secrets.json"))).toBe(true);
  const home = await fetch(`http://localhost:${PORT}/`, { redirect: "manual" });
  expect(home.headers.get("location")).toMatch(/\/setup$/);

  // SIGTERM (what a service manager or Ctrl-C sends to the whole group) stops web and worker cleanly: npm itself
  // dies by the signal, but nothing of the group may survive and the port must close.
  const exited = new Promise<void>((resolve) => started.on("exit", () => resolve()));
  process.kill(-started.pid!, "SIGTERM");
  await exited;
  const deadline = Date.now() + 25_000;
  while (Date.now() < deadline && groupAlive(started.pid!)) await new Promise((r) => setTimeout(r, 200));
  expect(groupAlive(started.pid!)).toBe(false);
  await expect(fetch(`http://localhost:${PORT}/api/health`)).rejects.toThrow();
});
