import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { migrationsBefore } from "../helpers/migrations";
import { tempDir } from "../helpers/standin";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..", "..");

it("npm run db:migrate chains an older database's audit log; npm run admin -- verify-audit reports the first broken link", async () => {
  const env = { ...process.env, DATA_DIR: tempDir("audit-cli-") };
  const file = path.join(env.DATA_DIR, "dashboard.db");
  const old = openDatabase(file);
  migrate(old, { migrationsFolder: migrationsBefore("audit_chain") });
  const insert = old.$client.prepare("INSERT INTO audit_log (at, actor_label, action, target_type, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)");
  for (let i = 1; i <= 4; i++) insert.run(Date.now() - 10_000 + i, "ana@lab.org", "run.create", "run", String(i), JSON.stringify({ model: "openai", note: `run ${i}` }));
  old.$client.close();

  const tsx = (script: string, ...args: string[]) => run(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env });
  const verify = () => tsx("scripts/admin.ts", "verify-audit").then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);

  expect((await tsx("scripts/migrate.ts")).stdout).toContain("Chained 4 existing audit log entries");
  expect((await tsx("scripts/migrate.ts")).stdout).not.toContain("Chained");
  const intact = await verify();
  expect(intact.code).toBe(0);
  expect(intact.stdout).toContain("Audit log intact: 4 entries verified.");
  expect(intact.stdout).toMatch(/Newest entry #4, hash [0-9a-f]{64}/);

  const db = openDatabase(file);
  const original = (db.$client.prepare("SELECT detail FROM audit_log WHERE id = 2").get() as { detail: string }).detail;
  db.$client.prepare("UPDATE audit_log SET detail = ? WHERE id = 2").run(original.replace("openai", "local"));
  const changed = await verify();
  expect(changed.code).toBe(1);
  expect(changed.stderr).toMatch(/^Audit log chain BROKEN at entry #2: entry #2 was changed after it was written: its content hashes to [0-9a-f]{12}…, its stored hash is [0-9a-f]{12}…\n1 entry before it verified\.\n$/);

  // Put back byte for byte, the entry verifies again: the hash is over the content, nothing else.
  db.$client.prepare("UPDATE audit_log SET detail = ? WHERE id = 2").run(original);
  expect((await verify()).code).toBe(0);
  db.$client.prepare("DELETE FROM audit_log WHERE id = 3").run();
  db.$client.close();
  const deleted = await verify();
  expect(deleted.code).toBe(1);
  expect(deleted.stderr).toContain("Audit log chain BROKEN at entry #4: entry #4 does not follow entry #2: entry #3 is missing (deleted)");
}, 120_000);
