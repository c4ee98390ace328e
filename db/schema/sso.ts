import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * A person at an OpenID Connect provider, linked to a dashboard user. The provider's (issuer, subject) pair is what
 * identifies them — never the e-mail, which can change at the provider or be reassigned — so a changed e-mail signs in
 * to the same user. `email` is what the provider said last, for admins to read.
 */
export const ssoIdentities = sqliteTable(
  "sso_identities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    email: text("email").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    lastSignInAt: integer("last_sign_in_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("sso_identities_issuer_subject_unique").on(t.issuer, t.subject), index("sso_identities_user_idx").on(t.userId)],
);

export type SsoIdentity = typeof ssoIdentities.$inferSelect;
