import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { authenticateToken } from "@/lib/services/tokens/authenticate-token";
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
  const db = openDatabase(path.join(env.DATA_DIR, "dashboard.db"));
  expect(authenticateToken(db, token)?.actor).toMatchObject({ email: "ops@example.org", role: "member" });
  db.$client.close();
  const bad = await admin("create-user", "--email", "nope", "--password", "x", "--role", "root").catch((e) => e);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/Enter a valid email address[\s\S]*Role must be admin, member or viewer/);
  const duplicate = await admin("create-user", "--email", "ops@example.org", "--password", "ops-password-1", "--role", "member").catch((e) => e);
  expect(duplicate.stderr).toContain("already exists");
});
