import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const TASK_KINDS = ["task", "group", "tag", "python_task"] as const;

/** lmms-eval's task catalogue as last scanned (lib/lmms-eval/tasks), for the task picker and name validation. */
export const taskCatalogue = sqliteTable(
  "task_catalogue",
  {
    name: text("name").primaryKey(),
    kind: text("kind", { enum: TASK_KINDS }).notNull(),
    source: text("source").notNull(),
    yamlPath: text("yaml_path"),
    outputType: text("output_type"),
    datasetPath: text("dataset_path"),
    members: text("members", { mode: "json" }).$type<string[]>().notNull(),
    parents: text("parents", { mode: "json" }).$type<string[]>().notNull(),
    yamlText: text("yaml_text"),
    refreshedAt: integer("refreshed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("task_catalogue_kind_idx").on(t.kind)],
);

export type TaskCatalogueRow = typeof taskCatalogue.$inferSelect;
