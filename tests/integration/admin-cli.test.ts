import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { authenticateToken } from "@/lib/services/tokens/authenticate-token";
import { signIn } from "@/lib/services/users/sign-in";
import { tempDir } from "../helpers/standin";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..", "..");

it("npm run admin: create-user and create-token (token alone on the last line), with validation errors", async () => {
  const env = { ...process.env, DATA_DIR: tempDir("admin-cli-") };
  const admin = (...args: string[]) => run(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { cwd: ROOT, env });
  await run(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], { cwd: ROOT, env });
  const created = await admin("create-user", "--email", "ops@example.org", "--password", "ops-password-1", "--role", "member");
  expect(created.stdout).toContain("Created member ops@example.org");
  const { stdout } = await admin("create-token", "--email", "ops@example.org", "--name", "ci");
  const token = stdout.trim().split("\n").at(-1)!;
  expect(token).toMatch(/^lmd_[\w-]{40,}$/);
  const scoped = await admin("create-token", "--email", "ops@example.org", "--name", "reader", "--scopes", "read", "--expires", "2099-12-31");
  expect(scoped.stdout).toContain("(scopes read, expires 2100-01-01T00:00:00.000Z)");
  const db = openDatabase(path.join(env.DATA_DIR, "dashboard.db"));
  expect(authenticateToken(db, token)).toMatchObject({ actor: { email: "ops@example.org", role: "member" }, token: { scopes: ["read", "write"], expiresAt: null } });
  expect(authenticateToken(db, scoped.stdout.trim().split("\n").at(-1)!)?.token.scopes).toEqual(["read"]);
  db.$client.close();
  const beyondRole = await admin("create-token", "--email", "ops@example.org", "--name", "x", "--scopes", "read,admin").catch((e) => e);
  expect(beyondRole.stderr).toContain("Only administrators can give a token the admin scope");
  const bad = await admin("create-user", "--email", "nope", "--password", "x", "--role", "root").catch((e) => e);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/Enter a valid email address[\s\S]*Role must be admin, member or viewer/);
  const duplicate = await admin("create-user", "--email", "ops@example.org", "--password", "ops-password-1", "--role", "member").catch((e) => e);
  expect(duplicate.stderr).toContain("already exists");
});

it("npm run admin: unlock and reset-password lift the sign-in delays someone guessing a password caused", async () => {
  const env = { ...process.env, DATA_DIR: tempDir("admin-cli-unlock-") };
  const admin = (...args: string[]) => run(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { cwd: ROOT, env });
  await run(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], { cwd: ROOT, env });
  await admin("create-user", "--email", "boss@example.org", "--password", "boss-password-1", "--role", "admin");
  const db = openDatabase(path.join(env.DATA_DIR, "dashboard.db"));
  const attempt = (password: string, ip: string) =>
    signIn({ db, input: { email: "boss@example.org", password }, ip, maxFailures: 2 }).then(
      () => "signed in",
      (error: Error) => error.constructor.name,
    );
  // Each round from a new address: one the account signed in from is exempt from its account's delays.
  const lockOut = async (ip: string) => {
    for (let i = 0; i < 2; i++) expect(await attempt(`guess-${i}`, ip)).toBe("UnauthorizedError");
    expect(await attempt("boss-password-1", ip)).toBe("RateLimitedError");
  };
  try {
    await lockOut("203.0.113.9");
    const unlocked = await admin("unlock", "--email", "boss@example.org");
    expect(unlocked.stdout).toContain("Sign-in delays lifted for boss@example.org (2 failed attempts forgotten)");
    expect(await attempt("boss-password-1", "203.0.113.9")).toBe("signed in");

    await lockOut("198.51.100.7");
    const reset = await admin("reset-password", "--email", "boss@example.org", "--password", "boss-password-2");
    expect(reset.stdout).toContain("sign-in delays lifted");
    expect(await attempt("boss-password-2", "198.51.100.7")).toBe("signed in");

    const bad = await admin("unlock", "--address", "not-an-ip").catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Address must be an IPv4 or IPv6 address");
  } finally {
    db.$client.close();
  }
});
