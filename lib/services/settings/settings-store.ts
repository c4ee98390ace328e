import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { settings } from "@/db/schema";

/** Reads a JSON setting through its schema; a missing or outdated value falls back to `fallback`. */
export function readSetting<S extends z.ZodType>(db: DbOrTx, key: string, schema: S, fallback: z.output<S>): z.output<S> {
  const row = db.select().from(settings).where(eq(settings.key, key)).get();
  if (!row) return fallback;
  const parsed = schema.safeParse(row.value);
  return parsed.success ? parsed.data : fallback;
}

export function writeSetting(db: DbOrTx, key: string, value: unknown): void {
  const updatedAt = new Date();
  db.insert(settings).values({ key, value, updatedAt }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt } }).run();
}

/** Removes a setting, so readers get their fallback again ("not configured"). */
export function deleteSetting(db: DbOrTx, key: string): void {
  db.delete(settings).where(eq(settings.key, key)).run();
}
