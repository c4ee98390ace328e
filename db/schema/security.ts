import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * A user's TOTP authenticator. The secret is sealed with the key in DATA_DIR/secrets.json (a copy of the database
 * alone cannot produce codes). A row whose `enabledAt` is null is an enrolment that has not been confirmed with a
 * code yet: it does not protect sign-in until then.
 */
export const userTwoFactor = sqliteTable("user_two_factor", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretSealed: text("secret_sealed").notNull(),
  enabledAt: integer("enabled_at", { mode: "timestamp_ms" }),
  // The TOTP time step of the last code accepted: a code is never accepted twice (RFC 6238 §5.2).
  lastUsedStep: integer("last_used_step"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/** One-time recovery codes, stored as SHA-256 hashes (each code carries 80 random bits); `usedAt` marks a spent one. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("recovery_codes_hash_unique").on(t.codeHash), index("recovery_codes_user_idx").on(t.userId)],
);

export type UserTwoFactor = typeof userTwoFactor.$inferSelect;
