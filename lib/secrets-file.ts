import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type Secrets = { nextAuthSecret: string; internalSecret: string; encryptionKey: string };

const SECRETS_FILE = "secrets.json";

function newSecrets(): Secrets {
  return {
    nextAuthSecret: crypto.randomBytes(32).toString("base64url"),
    internalSecret: crypto.randomBytes(32).toString("base64url"),
    // AES-256-GCM key for run environment variables (see lib/crypto/secret-box.ts).
    encryptionKey: crypto.randomBytes(32).toString("base64"),
  };
}

/**
 * Secrets generated on first start so `npm start` needs no configuration. The web process and the worker may start at
 * the same moment, so creation is atomic: write a temp file, then hard-link it into place (link fails if another
 * process won the race, and then we read theirs). Mode 0600: the file holds the key that decrypts run secrets.
 */
export function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, SECRETS_FILE);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(newSecrets(), null, 2), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Secrets>;
  if (!parsed.nextAuthSecret || !parsed.internalSecret || !parsed.encryptionKey) {
    throw new Error(`${file} is incomplete; restore it from a backup (without it stored run secrets cannot be decrypted)`);
  }
  return parsed as Secrets;
}
