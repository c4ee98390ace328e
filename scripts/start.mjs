// `npm start`: install what is missing, migrate, build if stale, then run web + worker under the supervisor.
import { ensureBuild, ensureDependencies, migrate } from "./lib/ensure.mjs";
import { supervise } from "./lib/supervisor.mjs";

ensureDependencies();
migrate();
ensureBuild();
supervise({
  web: ["--import", "tsx", "server.ts"],
  worker: ["--import", "tsx", "workers/index.ts"],
  env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
