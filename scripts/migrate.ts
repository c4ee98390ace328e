import { applyMigrations, openDatabase } from "../db/client";
import { getConfigOrExit } from "../lib/config";
import { chainExistingAuditEntries } from "../lib/services/audit/chain";
import { sealStoredSecrets } from "../lib/services/system/seal-stored-secrets";

// Also the first place a bad configuration is reported: one line naming the variable, exit 1.
const config = getConfigOrExit();
const db = openDatabase(config.databasePath);
applyMigrations(db);
// Needs the key from DATA_DIR/secrets.json, so it runs here rather than in a SQL migration.
const sealed = sealStoredSecrets(db, config.encryptionKey);
if (sealed.runs + sealed.versions + sealed.other) {
  console.log(`Sealed model-args secrets of ${sealed.runs} run(s) and ${sealed.versions} version(s); masked ${sealed.other} other stored value(s)`);
}
// After sealing, which rewrites old audit details: the chain is computed over the entries as they stay.
const chained = chainExistingAuditEntries(db);
if (chained) console.log(`Chained ${chained} existing audit log entr${chained === 1 ? "y" : "ies"} (tamper-evident from now on)`);
db.$client.close();
console.log(`Database ready at ${config.databasePath}`);
