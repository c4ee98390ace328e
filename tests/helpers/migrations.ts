import fs from "node:fs";
import path from "node:path";
import { MIGRATIONS_FOLDER } from "@/db/client";
import { tempDir } from "./standin";

/** A copy of the migrations folder that ends before the migration tagged `tag`: a database as the release before it left it. */
export function migrationsBefore(tag: string): string {
  const folder = tempDir("migrations-before-");
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((e) => e.tag.endsWith(`_${tag}`));
  if (index < 1) throw new Error(`no migration tagged ${tag}`);
  journal.entries = journal.entries.slice(0, index);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}
