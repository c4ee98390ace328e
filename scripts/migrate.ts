import { applyMigrations, openDatabase } from "../db/client";
import { getConfigOrExit } from "../lib/config";

// Also the first place a bad configuration is reported: one line naming the variable, exit 1.
const config = getConfigOrExit();
const db = openDatabase(config.databasePath);
applyMigrations(db);
db.$client.close();
console.log(`Database ready at ${config.databasePath}`);
