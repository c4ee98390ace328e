import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { runs } from "./runs";
import type { EvaluateNewVersions } from "./json-shapes";
import { users } from "./users";

export const MODEL_STATUSES = ["active", "archived"] as const;
export const VERSION_STATUSES = ["active", "deprecated", "archived"] as const;

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/** A model family the team evaluates again and again (e.g. "our-vlm-7b"). Names are unique in the team. */
export const models = sqliteTable(
  "models",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    status: text("status", { enum: MODEL_STATUSES }).notNull().default("active"),
    /** "Evaluate new versions on benchmarks X": registering a version enqueues this evaluation. */
    evaluateNewVersions: text("evaluate_new_versions", { mode: "json" }).$type<EvaluateNewVersions | null>(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("models_name_unique").on(sql`lower(${t.name})`)],
);

/**
 * One concrete, launchable configuration of a model: a checkpoint, a prompt variant, a quantisation. Immutable once a
 * run used it (the config part); "new version from this one" copies and edits instead.
 */
export const modelVersions = sqliteTable(
  "model_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    backend: text("backend").notNull(),
    /** Credential values masked (`***`), as in runs; the texts as typed are in argsSealed with the person who gave them. */
    modelArgs: text("model_args").notNull().default(""),
    genKwargs: text("gen_kwargs").notNull().default(""),
    argsSealed: text("args_sealed"),
    /** The run it was registered from ("register as new version"); shown only to people who may see that run. */
    registeredFromRunId: integer("registered_from_run_id").references((): AnySQLiteColumn => runs.id, { onDelete: "set null" }),
    notes: text("notes").notNull().default(""),
    parentVersionId: integer("parent_version_id").references((): AnySQLiteColumn => modelVersions.id, { onDelete: "set null" }),
    /** How it relates to its parent: "fine-tune of", "quantised from", … (free text). */
    parentRelation: text("parent_relation").notNull().default(""),
    status: text("status", { enum: VERSION_STATUSES }).notNull().default("active"),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("model_versions_label_unique").on(t.modelId, sql`lower(${t.label})`), index("model_versions_model_idx").on(t.modelId)],
);

export type Model = typeof models.$inferSelect;
export type ModelVersion = typeof modelVersions.$inferSelect;
