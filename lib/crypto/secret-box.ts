import crypto from "node:crypto";

/**
 * AES-256-GCM for secrets at rest (run environment variables). Format: v1.<iv>.<tag>.<ciphertext>, base64url parts.
 * The key lives in DATA_DIR/secrets.json (generated on first start), never in the database beside the data.
 */
const VERSION = "v1";

export function seal(plaintext: string, key: Buffer): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function open(sealed: string, key: Buffer): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Unrecognised encrypted value");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

export function sealJson(value: unknown, key: Buffer): string {
  return seal(JSON.stringify(value), key);
}

export function openJson<T>(sealed: string, key: Buffer): T {
  return JSON.parse(open(sealed, key)) as T;
}
