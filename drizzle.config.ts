import { defineConfig } from "drizzle-kit";

// Only used by `npm run db:generate` to write SQL migrations into db/migrations; the app applies them at start
// (scripts/migrate.ts) and tests apply them to in-memory databases (db/client.ts).
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
