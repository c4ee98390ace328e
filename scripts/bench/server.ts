import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { openDatabase } from "../../db/client";
import { createApiToken } from "../../lib/services/tokens/create-api-token";

/**
 * The production web process (`server.ts` on the last `next build`, built first when the source changed) on a
 * database of the benchmark's choosing, for benchmarks that go through HTTP: routes, pages, concurrent load.
 */

export type BenchServer = {
  url: string;
  /** A bearer token per user id (API routes). */
  token: (userId: number) => string;
  /** A session cookie per user id (pages). */
  cookie: (userId: number) => Promise<string>;
  /** What the server printed (for a benchmark that failed). */
  output: () => string;
  stop: () => Promise<void>;
};

const SECRET = "bench-nextauth-secret-0123456789abcdef";

export async function startServer(opts: { dbFile: string; dataDir: string; port: number; userIds: number[]; env?: Record<string, string> }): Promise<BenchServer> {
  const root = path.resolve(import.meta.dirname, "..", "..");
  const { ensureBuild } = (await import(path.join(root, "scripts", "lib", "ensure.mjs"))) as { ensureBuild: () => void };
  ensureBuild();
  // Tokens are written before the server opens the file: one writer at a time.
  const db = openDatabase(opts.dbFile);
  const tokens = new Map<number, string>();
  for (const id of opts.userIds) {
    const user = db.$client.prepare("select id, email, name, role from users where id = ?").get(id) as { id: number; email: string; name: string; role: "admin" | "member" | "viewer" };
    tokens.set(id, createApiToken({ db, ctx: { actor: user, via: "cli" }, input: { name: `bench-${Date.now()}` } }).token);
  }
  db.$client.close();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const url = `http://127.0.0.1:${opts.port}`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(opts.port),
      HOST: "127.0.0.1",
      DATA_DIR: opts.dataDir,
      DATABASE_PATH: opts.dbFile,
      NEXTAUTH_SECRET: SECRET,
      NEXTAUTH_URL: `http://localhost:${opts.port}`,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (const started = Date.now(); ; ) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() - started > 120_000) throw new Error(`the server did not answer within 2 minutes:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    token: (userId) => tokens.get(userId)!,
    output: () => output,
    cookie: async (userId) => `next-auth.session-token=${await encode({ token: { sub: String(userId), sv: 1 }, secret: SECRET })}`,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Requests sent again because the server had just closed an idle keep-alive connection (not a server failure). */
export const retried = { count: 0 };

/** Milliseconds of one HTTP request, body read to the end; throws on a status other than `expect` (null: any). */
export async function timed(url: string, init: RequestInit = {}, expect: number | null = 200): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, init).catch((error: Error & { cause?: { code?: string } }) => {
    // A request written to a keep-alive socket the server closed in the same instant: sent again on a new one.
    if (error.cause?.code !== "UND_ERR_SOCKET") throw error;
    retried.count++;
    return fetch(url, init);
  });
  const body = await res.arrayBuffer();
  const ms = performance.now() - started;
  if (expect !== null && res.status !== expect) throw new Error(`${url}: ${res.status} ${Buffer.from(body).toString("utf8").slice(0, 300)}`);
  return { ms, status: res.status, bytes: body.byteLength };
}
