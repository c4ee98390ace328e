import http from "node:http";
import next from "next";
import { getDb } from "./lib/db";
import { stampProcessOutput } from "./lib/log.mjs";
import { clientAddress } from "./lib/auth/client-ip";
import { CLIENT_IP_HEADER } from "./lib/auth/next-auth";
import { exportAuthEnv, getConfigOrExit } from "./lib/config";
import { attachSocketServer } from "./lib/realtime/socket-server";
import { purgeInterruptedImports } from "./lib/services/results/import-runs";
import { importUploadsDir } from "./lib/services/results/receive-upload";
import { ensureAdminFromEnv } from "./lib/services/users/create-first-admin";

const log = stampProcessOutput("web");

/**
 * The web process: Next's request handler and socket.io on one port (docs/STACK-NOTES.md §custom-server). CommonJS
 * project, so no top-level await. `--dev` runs Next in development mode with HMR.
 */
async function main(): Promise<void> {
  const config = getConfigOrExit();
  exportAuthEnv(config);
  const dev = process.argv.includes("--dev");
  const app = next({ dev, hostname: "localhost", port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  // Imports run here: whatever one interrupted by a crash left behind goes before anyone can start a new one.
  const purged = purgeInterruptedImports(getDb(), importUploadsDir(config.dataDir));
  if (purged.runs || purged.uploads) log.info(`removed ${purged.runs} run(s) of interrupted imports and ${purged.uploads} leftover upload folder(s)`);
  if (await ensureAdminFromEnv(getDb(), config)) log.info(`created the first admin ${config.adminEmail} from ADMIN_EMAIL`);

  const server = http.createServer((req, res) => {
    // The only trusted source of the client address (TRUSTED_PROXY_HOPS / CLIENT_IP_HEADER decide where it comes
    // from): overwrite whatever the client sent under this name.
    req.headers[CLIENT_IP_HEADER] = clientAddress(req, config);
    void handle(req, res);
  });
  const io = attachSocketServer(server, {
    nextAuthSecret: config.nextAuthSecret,
    internalSecret: config.internalSecret,
    secureCookie: config.nextAuthUrl.startsWith("https://"),
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, closing`);
    io.close();
    server.close(() => process.exit(0));
    // Keep-alive connections can hold close() open; do not hang the supervisor.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  server.listen(config.port, config.host, () => {
    log.info(`LMMS-Eval Dashboard ready on http://localhost:${config.port} (${dev ? "development" : "production"})`);
  });
}

main().catch((error) => {
  log.error("failed to start:", error);
  process.exit(1);
});
