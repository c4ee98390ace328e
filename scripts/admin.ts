import { parseArgs } from "node:util";
import { getDb } from "../lib/db";
import { getConfigOrExit } from "../lib/config";
import type { ServiceContext } from "../lib/auth/actor";
import { verifyAuditChain } from "../lib/services/audit/verify-audit-chain";
import { ServiceError } from "../lib/services/errors";
import { createApiToken } from "../lib/services/tokens/create-api-token";
import { createUser } from "../lib/services/users/create-user";
import { findUserByEmail } from "../lib/services/users/queries";
import { resetPassword } from "../lib/services/users/reset-password";
import { resetTwoFactor } from "../lib/services/users/two-factor/reset-two-factor";
import { unlockSignIn } from "../lib/services/users/unlock-sign-in";

/**
 * Operator CLI (`npm run admin -- <command> …`). Whoever runs it can read DATA_DIR and the database file anyway, so
 * it acts as the operator (audited as "CLI"); the same services and validation as the UI apply.
 */
const USAGE = `Usage:
  npm run admin -- create-user --email E --password P --role admin|member|viewer [--name N]
  npm run admin -- create-token --email E --name N [--scopes read,write,admin] [--expires 2027-03-31]
                                                          (prints the token alone on its last line; default scopes:
                                                          all the user's role allows; default: never expires)
  npm run admin -- reset-password --email E --password P   (also lifts the account's sign-in delays)
  npm run admin -- unlock [--email E] [--address A]         (lifts the sign-in delays of an account and/or an address)
  npm run admin -- reset-2fa --email E                      (removes the user's authenticator and recovery codes)
  npm run admin -- verify-audit                             (checks the audit log's hash chain; exit 1 at the first broken link)`;

async function main(): Promise<void> {
  getConfigOrExit();
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      address: { type: "string" },
      scopes: { type: "string" },
      expires: { type: "string" },
    },
    strict: true,
  });
  const db = getDb();
  const cli: ServiceContext = { actor: null, via: "cli" };
  switch (command) {
    case "create-user": {
      const user = await createUser({
        db,
        ctx: cli,
        input: { email: values.email, password: values.password, role: values.role, name: values.name ?? values.email?.split("@")[0] },
      });
      console.log(`Created ${user.role} ${user.email} (id ${user.id})`);
      return;
    }
    case "create-token": {
      const user = values.email ? findUserByEmail(db, { email: values.email }) : undefined;
      if (!user) throw new ServiceError("not_found", `No user with the email ${values.email ?? "(missing --email)"}`);
      const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
      // Workspaces will add the token's workspace here (--workspace): a token acts in exactly one.
      const input = {
        name: values.name,
        ...(values.scopes !== undefined ? { scopes: values.scopes.split(",").map((s) => s.trim()).filter(Boolean) } : {}),
        ...(values.expires !== undefined ? { expiresAt: values.expires } : {}),
      };
      const { token, info } = createApiToken({ db, ctx: { actor, via: "cli" }, input });
      const expiry = info.expiresAt ? `, expires ${info.expiresAt}` : ", never expires";
      console.log(`Created API token "${info.name}" for ${user.email} (scopes ${info.scopes.join(", ")}${expiry}); store it now, it is not shown again:`);
      console.log(token);
      return;
    }
    case "reset-password": {
      const user = values.email ? findUserByEmail(db, { email: values.email }) : undefined;
      if (!user) throw new ServiceError("not_found", `No user with the email ${values.email ?? "(missing --email)"}`);
      await resetPassword({ db, ctx: cli, input: { userId: user.id, password: values.password } });
      unlockSignIn({ db, ctx: cli, input: { email: user.email } });
      console.log(`Password of ${user.email} reset; their sessions were signed out and their sign-in delays lifted`);
      return;
    }
    case "unlock": {
      const { cleared } = unlockSignIn({ db, ctx: cli, input: { email: values.email, address: values.address } });
      const what = [values.email, values.address].filter(Boolean).join(" and ");
      console.log(`Sign-in delays lifted for ${what} (${cleared} failed attempt${cleared === 1 ? "" : "s"} forgotten)`);
      return;
    }
    case "reset-2fa": {
      const user = values.email ? findUserByEmail(db, { email: values.email }) : undefined;
      if (!user) throw new ServiceError("not_found", `No user with the email ${values.email ?? "(missing --email)"}`);
      resetTwoFactor({ db, ctx: cli, input: { userId: user.id } });
      console.log(`Two-factor authentication of ${user.email} removed; their sessions were signed out`);
      return;
    }
    case "verify-audit": {
      const report = verifyAuditChain(db);
      const from = report.start?.kind === "checkpoint" ? `, starting after entries pruned up to #${report.start.prunedThroughId} (checkpoint #${report.start.checkpointId})` : "";
      if (report.broken) {
        console.error(`Audit log chain BROKEN at entry #${report.broken.id}: ${report.broken.problem}`);
        console.error(`${report.checked} entr${report.checked === 1 ? "y" : "ies"} before it verified${from}.`);
        process.exit(1);
      }
      console.log(`Audit log intact: ${report.checked} entr${report.checked === 1 ? "y" : "ies"} verified${from}.`);
      if (report.head) console.log(`Newest entry #${report.head.id}, hash ${report.head.hash} (keep it elsewhere to detect a later removal of the newest entries)`);
      return;
    }
    default:
      console.error(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
      process.exit(2);
  }
}

main().catch((error) => {
  if (error instanceof ServiceError) {
    const fields = error.fields ? Object.entries(error.fields).map(([k, v]) => `  ${k}: ${v.join(" ")}`).join("\n") : "";
    console.error(`Error: ${error.message}${fields ? `\n${fields}` : ""}`);
    process.exit(1);
  }
  console.error(error instanceof Error ? `Error: ${error.message}` : error);
  process.exit(1);
});
