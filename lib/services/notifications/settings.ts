import { z } from "zod";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { openJson, sealJson } from "@/lib/crypto/secret-box";
import { writeAudit } from "@/lib/services/audit";
import { deleteSetting, readSetting, writeSetting } from "@/lib/services/settings/settings-store";
import { parseInput } from "@/lib/services/validate";

const SMTP_KEY = "smtp";

const StoredSmtp = z.object({
  host: z.string(),
  port: z.number(),
  secure: z.boolean(),
  user: z.string(),
  passwordSealed: z.string().nullable(),
  from: z.string(),
});
type StoredSmtp = z.infer<typeof StoredSmtp>;

export const SmtpInput = z.object({
  host: z.string().trim().min(1, { error: "host is required" }).max(253),
  port: z.coerce.number().int().min(1).max(65535, { error: "port must be 1–65535" }),
  secure: z.boolean().default(false),
  user: z.string().trim().max(200).default(""),
  /** Omitted or empty: keep the stored password. */
  password: z.string().max(500).optional(),
  from: z.email({ error: "from must be an e-mail address" }),
});

export const SmtpSettingsDto = z.strictObject({
  ...StoredSmtp.omit({ passwordSealed: true }).shape,
  hasPassword: z.boolean().describe("the password itself is never returned"),
});
export type SmtpSettingsDto = z.infer<typeof SmtpSettingsDto>;

export function readSmtp(db: DB): (Omit<StoredSmtp, "passwordSealed"> & { password: string | null }) | null {
  const stored = readSetting(db, SMTP_KEY, StoredSmtp.nullable(), null);
  if (!stored) return null;
  const { passwordSealed, ...rest } = stored;
  return { ...rest, password: passwordSealed ? openJson<string>(passwordSealed, getConfig().encryptionKey) : null };
}

export function getSmtpSettings({ db, ctx }: { db: DB; ctx: ServiceContext }): SmtpSettingsDto | null {
  authorize(ctx, can.manageSettings);
  const stored = readSetting(db, SMTP_KEY, StoredSmtp.nullable(), null);
  if (!stored) return null;
  const { passwordSealed, ...rest } = stored;
  return { ...rest, hasPassword: Boolean(passwordSealed) };
}

/** Admin sets the outgoing mail server; the password is sealed like run secrets and never returned. */
export function saveSmtpSettings({ db, ctx, input, encryptionKey = getConfig().encryptionKey }: { db: DB; ctx: ServiceContext; input: unknown; encryptionKey?: Buffer }): SmtpSettingsDto {
  authorize(ctx, can.manageSettings);
  const data = parseInput(SmtpInput, input);
  const previous = readSetting(db, SMTP_KEY, StoredSmtp.nullable(), null);
  const value: StoredSmtp = {
    host: data.host,
    port: data.port,
    secure: data.secure,
    user: data.user,
    from: data.from,
    passwordSealed: data.password ? sealJson(data.password, encryptionKey) : (previous?.passwordSealed ?? null),
  };
  db.transaction((tx) => {
    writeSetting(tx, SMTP_KEY, value);
    writeAudit(tx, ctx, { action: "settings.smtp", detail: { host: data.host, port: data.port, from: data.from } });
  });
  return { host: value.host, port: value.port, secure: value.secure, user: value.user, from: value.from, hasPassword: Boolean(value.passwordSealed) };
}

export function clearSmtpSettings({ db, ctx }: { db: DB; ctx: ServiceContext }): void {
  authorize(ctx, can.manageSettings);
  db.transaction((tx) => {
    deleteSetting(tx, SMTP_KEY);
    writeAudit(tx, ctx, { action: "settings.smtp_clear" });
  });
}
