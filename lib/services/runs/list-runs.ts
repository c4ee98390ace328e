import { and, desc, eq, inArray, like, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { RUN_STATUSES, runs, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/services/validate";
import { queuePositions } from "./queries";
import { visibleRunsWhere } from "./run-access";
import { RunDto, toRunDto } from "./run-dto";

const csv = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v), z.array(schema));

export const RunFilter = z.object({
  status: csv(z.enum(RUN_STATUSES, { error: `status must be one of ${RUN_STATUSES.join(", ")}` })).optional(),
  model: z.string().trim().max(200).optional(),
  task: z.string().trim().max(200).optional(),
  user: z.coerce.number().int().positive().optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});
export type RunFilter = z.infer<typeof RunFilter>;

export const RunPageDto = z.strictObject({ items: z.array(RunDto), nextCursor: z.number().nullable(), total: z.number() });
export type RunPageDto = z.infer<typeof RunPageDto>;

/** Runs, newest first, filtered and keyset-paginated by id (stable while new runs arrive). */
export function listRuns({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): RunPageDto {
  const actor = requireActor(ctx);
  const f = parseInput(RunFilter, input);
  const where: SQL[] = [visibleRunsWhere(actor)];
  if (f.status?.length) where.push(inArray(runs.status, f.status));
  if (f.model) where.push(like(runs.model, `%${f.model}%`));
  if (f.task) where.push(sql`exists (select 1 from json_each(${runs.tasks}) where value = ${f.task})`);
  if (f.user) where.push(eq(runs.createdById, f.user));
  const filtered = where.length ? and(...where) : undefined;
  const total = db.select({ n: sql<number>`count(*)` }).from(runs).where(filtered).get()?.n ?? 0;
  const rows = db
    .select({ run: runs, createdByName: users.name })
    .from(runs)
    .leftJoin(users, eq(users.id, runs.createdById))
    .where(and(...(filtered ? [filtered] : []), ...(f.cursor ? [lt(runs.id, f.cursor)] : [])))
    .orderBy(desc(runs.id))
    .limit(f.limit + 1)
    .all();
  const page = rows.slice(0, f.limit);
  const positions = queuePositions(db);
  return {
    items: page.map((r) => toRunDto(r.run, { createdByName: r.createdByName, queuePosition: positions.get(r.run.id) })),
    nextCursor: rows.length > f.limit ? page[page.length - 1].run.id : null,
    total,
  };
}
