import type { DB } from "@/db/client";

/**
 * The SQL statements `fn` prepares on `db` (drizzle prepares one per query it runs), to check that a service's query
 * count does not grow with the data — an N+1 shows up as more statements for more rows.
 */
export function countStatements<T>(db: DB, fn: () => T): { result: T; statements: string[] } {
  const client = db.$client;
  const prepare = client.prepare;
  const statements: string[] = [];
  client.prepare = ((source: string) => {
    statements.push(source);
    return prepare.call(client, source);
  }) as typeof client.prepare;
  try {
    return { result: fn(), statements };
  } finally {
    client.prepare = prepare;
  }
}
