import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, openDatabase } from "@/db/client";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { tempDir } from "../../helpers/standin";

/** The migrations folder as it was before the one that gave tokens scopes (found by name: numbers change at merges). */
function migrationsBeforeScopes(): string {
  const folder = tempDir("migrations-before-scopes-");
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith("_security"));
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe("upgrading: tokens made before scopes existed", () => {
  it("keep everything their owner's role allows: admins' tokens read, write and admin; others' read and write", () => {
    const db = openDatabase(":memory:");
    migrate(db, { migrationsFolder: migrationsBeforeScopes() });
    const sqlite = db.$client;
    for (const [id, role] of [[1, "admin"], [2, "member"], [3, "viewer"]] as const) {
      sqlite.prepare("INSERT INTO users (id, email, name, role, password_hash) VALUES (?, ?, ?, ?, 'x')").run(id, `${role}@x.org`, role, role);
      sqlite.prepare("INSERT INTO api_tokens (user_id, name, prefix, token_hash) VALUES (?, ?, 'lmd_abcdef', ?)").run(id, `${role}-ci`, `hash-${id}`);
    }
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const rows = sqlite.prepare("SELECT name, scopes, expires_at AS expiresAt, last_used_ip AS lastUsedIp FROM api_tokens ORDER BY user_id").all();
    expect(rows).toEqual([
      { name: "admin-ci", scopes: '["read","write","admin"]', expiresAt: null, lastUsedIp: null },
      { name: "member-ci", scopes: '["read","write"]', expiresAt: null, lastUsedIp: null },
      { name: "viewer-ci", scopes: '["read","write"]', expiresAt: null, lastUsedIp: null },
    ]);
  });
});
