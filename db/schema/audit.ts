import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { apiTokens, users } from "./users";

/**
 * Changes, sensitive reads (exports, downloads, use of stored secrets), sign-ins and token use from new addresses.
 * Tamper-evident: each entry carries the hash of the entry before it and its own hash over all its columns
 * (lib/services/audit/chain.ts), so an edited or deleted entry breaks the chain at that point. The hash covers every
 * non-null column generically: a column added later (a nullable one, e.g. a workspace) leaves older entries verifiable.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    // Who acted in words: "ana@lab.org", "token cli-bot (ana@lab.org)", "schedule nightly (owner ana@lab.org)", "system".
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    // Null only for the first entry (or, after pruning, where verification starts from the pruning checkpoint).
    prevHash: text("prev_hash"),
    // Never null for entries written since the chain exists; the upgrade chains older entries once (migrate step).
    hash: text("hash"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actorId),
    index("audit_log_action_idx").on(t.action),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
    // Two entries can never follow the same one: a fork in the chain is refused by the database itself.
    uniqueIndex("audit_log_prev_hash_unique").on(t.prevHash),
  ],
);

/** Every address an API token has been used from, so the first use from a new one is audited exactly once. */
export const apiTokenAddresses = sqliteTable(
  "api_token_addresses",
  {
    tokenId: integer("token_id")
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    ip: text("ip").notNull(),
    firstSeenAt: integer("first_seen_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.ip] })],
);

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
