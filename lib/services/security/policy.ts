import net from "node:net";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getConfig } from "@/lib/config";
import { ForbiddenError } from "@/lib/services/errors";
import { readSetting } from "@/lib/services/settings/settings-store";

/** A session can be allowed to last at most this long (the cookie's own lifetime; the policy shortens it). */
export const MAX_SESSION_LIFETIME_HOURS = 90 * 24;
const MAX_IDLE_MINUTES = 30 * 24 * 60;
/** What one import upload may be (all files together), and what its archives may unpack to, unless the policy says otherwise. */
export const DEFAULT_MAX_IMPORT_MB = 1024;
export const DEFAULT_MAX_UNPACKED_MB = 8 * DEFAULT_MAX_IMPORT_MB;
/** The import limits' ceilings: beyond these, import from the server (IMPORT_ROOTS) instead. */
const MAX_UPLOAD_MB = 64 * 1024;
const MAX_UNPACKED_MB = 512 * 1024;

/** `10.0.0.0/8`, `2001:db8::/32`, or one address (`203.0.113.9` = /32, `::1` = /128). */
export const Cidr = z
  .string()
  .trim()
  .refine((value) => parseCidr(value) !== null, { error: (issue) => `"${String(issue.input)}" is not an IP address or CIDR range such as 10.0.0.0/8` });

export function parseCidr(value: string): { network: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address, prefixText, ...rest] = value.trim().split("/");
  const version = net.isIP(address ?? "");
  if (rest.length || version === 0) return null;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  return { network: address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/**
 * Single sign-on (OpenID Connect, lib/services/users/sso-sign-in.ts): what a person's first sign-in gives them. The
 * role is never admin: administrators are made deliberately, not by whoever the identity provider lets in. Linking a
 * provider identity to an existing password account by its e-mail is off unless an admin allows it, because it lets
 * whoever controls that e-mail at the provider into the account. (The default workspace joins this group with
 * workspaces.)
 */
export const SsoPolicy = z.strictObject({
  defaultRole: z.enum(["member", "viewer"], { error: "sso.defaultRole must be member or viewer (administrators are made by an admin)" }),
  linkExistingAccounts: z.boolean({ error: "sso.linkExistingAccounts must be true or false" }),
});
export type SsoPolicy = z.infer<typeof SsoPolicy>;
const DEFAULT_SSO_POLICY: SsoPolicy = { defaultRole: "viewer", linkExistingAccounts: false };

/**
 * The security policy. Today it is set once for the whole instance; the groups a workspace may tighten for itself
 * (apiTokens, uploads, runs, twoFactor) are read through `effectivePolicy`, so a workspace layer is one more lookup
 * there. Passwords, sessions and sign-in methods stay instance-wide: they apply before anyone is in a workspace.
 */
export const SecurityPolicy = z.strictObject({
  passwords: z.strictObject({
    minLength: z.int({ error: "Minimum password length must be a whole number" }).min(8, { error: "Minimum password length must be at least 8" }).max(128, { error: "Minimum password length must be at most 128" }),
    rejectCommon: z.boolean({ error: "rejectCommon must be true or false" }),
  }),
  sessions: z.strictObject({
    lifetimeHours: z
      .int({ error: "Session lifetime must be a whole number of hours" })
      .min(1, { error: "Session lifetime must be at least 1 hour" })
      .max(MAX_SESSION_LIFETIME_HOURS, { error: `Session lifetime must be at most ${MAX_SESSION_LIFETIME_HOURS} hours (90 days)` }),
    idleTimeoutMinutes: z
      .int({ error: "Idle timeout must be a whole number of minutes" })
      .min(0, { error: "Idle timeout must be 0 (off) or more" })
      .max(MAX_IDLE_MINUTES, { error: `Idle timeout must be at most ${MAX_IDLE_MINUTES} minutes (30 days)` })
      .refine((minutes) => minutes === 0 || minutes >= 5, { error: "Idle timeout must be 0 (off) or at least 5 minutes" }),
  }),
  signIn: z.strictObject({
    password: z.boolean({ error: "signIn.password must be true or false" }),
    /** The administrator who may still sign in with a password when password sign-in is off (break glass). */
    breakGlassUserId: z.int().positive().nullable(),
  }),
  twoFactor: z.strictObject({
    required: z.enum(["off", "admins", "everyone"], { error: "twoFactor.required must be off, admins or everyone" }),
  }),
  apiTokens: z.strictObject({
    /** Client addresses API tokens may be used from; empty: any address. */
    allowedNetworks: z.array(Cidr).max(100, { error: "At most 100 networks" }),
  }),
  uploads: z.strictObject({
    maxImportMb: z.int({ error: "The upload limit must be a whole number of MB" }).min(1, { error: "The upload limit must be at least 1 MB" }).max(MAX_UPLOAD_MB, { error: `The upload limit must be at most ${MAX_UPLOAD_MB} MB` }),
    maxUnpackedMb: z.int({ error: "The unpacked limit must be a whole number of MB" }).min(1, { error: "The unpacked limit must be at least 1 MB" }).max(MAX_UNPACKED_MB, { error: `The unpacked limit must be at most ${MAX_UNPACKED_MB} MB` }),
  }),
  runs: z.strictObject({
    membersMayCreatePrivate: z.boolean({ error: "membersMayCreatePrivate must be true or false" }),
  }),
  // A default: policies saved before single sign-on existed read as the defaults here, not as an invalid policy.
  sso: SsoPolicy.default(DEFAULT_SSO_POLICY),
});
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;

export const SECURITY_POLICY_KEY = "security_policy";

/** What applies until an admin saves a policy: today's behaviour, with SESSION_MAX_AGE_HOURS as the session lifetime. */
export function defaultSecurityPolicy(sessionLifetimeHours = Math.round(getConfig().sessionMaxAgeSeconds / 3600)): SecurityPolicy {
  return {
    passwords: { minLength: 8, rejectCommon: true },
    sessions: { lifetimeHours: Math.min(Math.max(1, sessionLifetimeHours), MAX_SESSION_LIFETIME_HOURS), idleTimeoutMinutes: 0 },
    signIn: { password: true, breakGlassUserId: null },
    twoFactor: { required: "off" },
    apiTokens: { allowedNetworks: [] },
    uploads: { maxImportMb: DEFAULT_MAX_IMPORT_MB, maxUnpackedMb: DEFAULT_MAX_UNPACKED_MB },
    runs: { membersMayCreatePrivate: true },
    sso: DEFAULT_SSO_POLICY,
  };
}

/** The instance's stored policy (or the defaults). */
export function instancePolicy(db: DbOrTx): SecurityPolicy {
  return readSetting(db, SECURITY_POLICY_KEY, SecurityPolicy, defaultSecurityPolicy());
}

/**
 * The policy that applies to a request: the instance's. Every enforcement point asks here, with the workspace it acts
 * in once workspaces exist, so a workspace's own settings slot in as one lookup merged over the instance policy.
 */
export function effectivePolicy(db: DbOrTx, _scope: { workspaceId?: number } = {}): SecurityPolicy {
  return instancePolicy(db);
}

/** Whether the policy obliges this role to use two-factor authentication. */
export function requiresTwoFactor(policy: SecurityPolicy, role: string): boolean {
  return policy.twoFactor.required === "everyone" || (policy.twoFactor.required === "admins" && role === "admin");
}

/** Making a run private (at launch or later): admins always; members unless the policy turned it off. */
export function assertMayMakeRunPrivate(db: DbOrTx, actor: Actor): void {
  if (actor.role === "admin" || effectivePolicy(db).runs.membersMayCreatePrivate) return;
  throw new ForbiddenError("Private runs are turned off by the security policy: only administrators can make a run private");
}

/** The policy's import limits in bytes, as `receiveUpload` takes them. */
export function uploadLimits(policy: SecurityPolicy): { maxBytes: number; maxUnpackedBytes: number } {
  return { maxBytes: policy.uploads.maxImportMb * 1024 * 1024, maxUnpackedBytes: policy.uploads.maxUnpackedMb * 1024 * 1024 };
}

/** Whether a client address may use API tokens under this policy (no list: any address). */
export function tokenAddressAllowed(policy: SecurityPolicy, ip: string | null): boolean {
  const networks = policy.apiTokens.allowedNetworks;
  if (networks.length === 0) return true;
  if (!ip || net.isIP(ip) === 0) return false;
  const allowed = new net.BlockList();
  for (const entry of networks) {
    const cidr = parseCidr(entry);
    if (cidr) allowed.addSubnet(cidr.network, cidr.prefix, cidr.family);
  }
  return allowed.check(ip, net.isIP(ip) === 4 ? "ipv4" : "ipv6");
}
