// `npm run dev`: the same two processes as `npm start`, with Next in development mode (HMR) and no build.
import { ensureDependencies, migrate } from "./lib/ensure.mjs";
import { supervise } from "./lib/supervisor.mjs";

ensureDependencies();
migrate();
supervise({
  web: ["--import", "tsx", "server.ts", "--dev"],
  worker: ["--import", "tsx", "workers/index.ts"],
  env: { NODE_ENV: "development" },
});
