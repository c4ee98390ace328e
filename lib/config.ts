import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { loadOrCreateSecrets, type Secrets } from "./secrets-file";
import { createLogger } from "./log.mjs";
import { runsDirIn } from "./run-folder";
import { resolveLmmsEvalCommand } from "./lmms-eval/resolve-command";

/**
 * The one place that reads process.env (house style 11). Parsed once per process; an invalid value stops the
 * process at start with one line naming the variable.
 */

const positiveInt = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed <= 0) {
        ctx.addIssue({ code: "custom", message: `${name} must be a positive integer (got "${value}")` });
        return z.NEVER;
      }
      return parsed;
    });

const nonNegativeInt = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number, 0 or more (got "${value}")` });
        return z.NEVER;
      }
      return parsed;
    });

/** An HTTP header name (RFC 9110 token), lower-cased as Node presents incoming headers. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const EnvSchema = z.object({
  PORT: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return 3000;
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        ctx.addIssue({ code: "custom", message: `PORT must be an integer between 1 and 65535 (got "${value}")` });
        return z.NEVER;
      }
      return port;
    }),
  HOST: z.string().optional(),
  DATA_DIR: z.string().optional(),
  DATABASE_PATH: z.string().optional(),
  LMMS_EVAL_CMD: z.string().optional(),
  LMMS_EVAL_INCLUDE_PATHS: z.string().optional(),
  LMMS_EVAL_CACHE_ROOT: z.string().optional(),
  ADMIN_EMAIL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || z.email().safeParse(v).success, "ADMIN_EMAIL must be an e-mail address"),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || v.length >= 8, "ADMIN_PASSWORD must be at least 8 characters"),
  NEXTAUTH_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || /^https?:\/\/[^/]+/.test(v), "NEXTAUTH_URL must be an http(s) URL"),
  NEXTAUTH_SECRET: z.string().optional(),
  MAX_CONCURRENT_RUNS: positiveInt("MAX_CONCURRENT_RUNS", 1),
  GPU_SLOTS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return [] as string[];
      const slots = value.split(";").map((s) => s.trim());
      if (slots.some((s) => !/^\d+(,\d+)*$/.test(s))) {
        ctx.addIssue({
          code: "custom",
          message: `GPU_SLOTS must be CUDA device lists separated by ';' such as "0;1" or "0,1;2,3" (got "${value}")`,
        });
        return z.NEVER;
      }
      return slots;
    }),
  ALLOW_PRIVATE_WEBHOOKS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const normalised = (value ?? "").trim().toLowerCase();
      if (["", "0", "false", "no"].includes(normalised)) return false;
      if (["1", "true", "yes"].includes(normalised)) return true;
      ctx.addIssue({ code: "custom", message: `ALLOW_PRIVATE_WEBHOOKS must be 1 or 0 (got "${value}")` });
      return z.NEVER;
    }),
  IMPORT_ROOTS: z.string().optional(),
  MEDIA_ROOTS: z.string().optional(),
  LOGIN_MAX_FAILURES: positiveInt("LOGIN_MAX_FAILURES", 5),
  TRUSTED_PROXY_HOPS: nonNegativeInt("TRUSTED_PROXY_HOPS", 0),
  CLIENT_IP_HEADER: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return null;
      if (!HEADER_NAME.test(value.trim())) {
        ctx.addIssue({ code: "custom", message: `CLIENT_IP_HEADER must be an HTTP header name such as X-Real-IP (got "${value}")` });
        return z.NEVER;
      }
      return value.trim().toLowerCase();
    }),
  CANCEL_GRACE_SECONDS: positiveInt("CANCEL_GRACE_SECONDS", 10),
  SESSION_MAX_AGE_HOURS: positiveInt("SESSION_MAX_AGE_HOURS", 24 * 7),
  OIDC_ISSUER: z.string().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().optional(),
  OIDC_SCOPES: z.string().optional(),
});

/** Single sign-on through an OpenID Connect provider (lib/auth/oidc-provider.ts); null when OIDC_ISSUER is unset. */
export type OidcConfig = {
  /** The provider's issuer identifier, without a trailing slash; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The sign-in button's label: "Sign in with <name>". */
  name: string;
  scopes: string[];
};

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * OIDC_*: all or nothing. The issuer must be https (the ID token's keys and the client secret travel over it), except
 * on this machine's loopback address, where a provider for development or tests may use plain http.
 */
function oidcConfig(e: z.infer<typeof EnvSchema>): OidcConfig | null {
  const issuerText = e.OIDC_ISSUER?.trim() ?? "";
  const clientId = e.OIDC_CLIENT_ID?.trim() ?? "";
  const clientSecret = e.OIDC_CLIENT_SECRET ?? "";
  if (!issuerText) {
    const stray = (["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_NAME", "OIDC_SCOPES"] as const).find((name) => e[name]?.trim());
    if (stray) throw new ConfigError(`Invalid configuration: ${stray} is set but OIDC_ISSUER is not (set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET for single sign-on)`);
    return null;
  }
  let issuer: URL;
  try {
    issuer = new URL(issuerText);
  } catch {
    throw new ConfigError(`Invalid configuration: OIDC_ISSUER must be the provider's issuer URL such as https://login.example.org/realms/lab (got "${issuerText}")`);
  }
  if (issuer.protocol !== "https:" && !(issuer.protocol === "http:" && LOOPBACK_HOSTS.has(issuer.hostname))) {
    throw new ConfigError(`Invalid configuration: OIDC_ISSUER must be an https URL (plain http only on localhost), got "${issuerText}"`);
  }
  if (issuer.search || issuer.hash) throw new ConfigError(`Invalid configuration: OIDC_ISSUER must not have a query or fragment (got "${issuerText}")`);
  if (!clientId) throw new ConfigError("Invalid configuration: OIDC_CLIENT_ID is required with OIDC_ISSUER (the client id registered at the provider)");
  if (!clientSecret) throw new ConfigError("Invalid configuration: OIDC_CLIENT_SECRET is required with OIDC_ISSUER (the client secret registered at the provider)");
  const scopes = (e.OIDC_SCOPES?.trim() || "openid email profile").split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes("openid") || !scopes.includes("email")) {
    throw new ConfigError(`Invalid configuration: OIDC_SCOPES must include openid and email (got "${e.OIDC_SCOPES}")`);
  }
  return { issuer: issuer.href.replace(/\/+$/, ""), clientId, clientSecret, name: e.OIDC_NAME?.trim() || "single sign-on", scopes };
}

export type AppConfig = {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  runsDir: string;
  lmmsEvalCommand: string[];
  lmmsEvalCommandSource: "env" | "setup" | "path" | "default";
  /** Folders of extra task YAMLs (lmms-eval's `--include_path`) whose tasks the catalogue offers beside the built-ins. */
  lmmsEvalIncludePaths: string[];
  /** The folder every run's response cache (`--use_cache`) must lie in. */
  responseCacheRoot: string;
  adminEmail: string | null;
  adminPassword: string | null;
  nextAuthUrl: string;
  nextAuthSecret: string;
  internalSecret: string;
  encryptionKey: Buffer;
  maxConcurrentRuns: number;
  gpuSlots: string[];
  /** Webhooks may target loopback, private and link-local addresses (see lib/services/notifications/webhook-target.ts). */
  allowPrivateWebhooks: boolean;
  importRoots: string[];
  mediaRoots: string[];
  /** Failed sign-ins per account, and per address, before each further attempt must wait (growing delays). */
  loginMaxFailures: number;
  /** Where the client's address comes from: see lib/auth/client-ip.ts. */
  trustedProxyHops: number;
  clientIpHeader: string | null;
  cancelGraceSeconds: number;
  sessionMaxAgeSeconds: number;
  oidc: OidcConfig | null;
};

export class ConfigError extends Error {}

function splitPathList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(path.delimiter)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => path.resolve(/*turbopackIgnore: true*/ p));
}

/** LMMS_EVAL_INCLUDE_PATHS: every listed folder must exist now, so a typo shows at start and not as a missing task. */
function includeFolders(value: string | undefined, cwd: string): string[] {
  const folders: string[] = [];
  for (const entry of (value ?? "").split(path.delimiter).map((p) => p.trim()).filter(Boolean)) {
    const folder = path.resolve(/*turbopackIgnore: true*/ cwd, entry);
    const stat = fs.statSync(folder, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) {
      throw new ConfigError(`Invalid configuration: LMMS_EVAL_INCLUDE_PATHS: "${folder}" is ${stat ? "not a folder" : "missing"} (folders are separated by '${path.delimiter}')`);
    }
    if (!folders.includes(folder)) folders.push(folder);
  }
  return folders;
}

/** LMMS_EVAL_CACHE_ROOT must exist when it is set (a typo shows at start); the default under DATA_DIR is created. */
function cacheRoot(value: string | undefined, dataDir: string, cwd: string): string {
  if (!value?.trim()) {
    const folder = path.join(dataDir, "response-cache");
    fs.mkdirSync(folder, { recursive: true });
    return folder;
  }
  const folder = path.resolve(/*turbopackIgnore: true*/ cwd, value.trim());
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new ConfigError(`Invalid configuration: LMMS_EVAL_CACHE_ROOT: "${folder}" is ${stat ? "not a folder" : "missing"}`);
  return folder;
}

export function parseConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? "environment");
    const message = issue.message.startsWith(variable) ? issue.message : `${variable}: ${issue.message}`;
    throw new ConfigError(`Invalid configuration: ${message}`);
  }
  const e = parsed.data;
  if (e.CLIENT_IP_HEADER && e.TRUSTED_PROXY_HOPS > 0) {
    throw new ConfigError("Invalid configuration: set either TRUSTED_PROXY_HOPS (X-Forwarded-For) or CLIENT_IP_HEADER, not both");
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ cwd, e.DATA_DIR || "data");
  try {
    fs.mkdirSync(runsDirIn(dataDir), { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: DATA_DIR "${dataDir}" is not a writable folder (${(error as Error).message})`);
  }
  const secrets: Secrets = loadOrCreateSecrets(dataDir);
  let lmmsEval: ReturnType<typeof resolveLmmsEvalCommand>;
  try {
    lmmsEval = resolveLmmsEvalCommand({ envValue: e.LMMS_EVAL_CMD, dataDir, pathEnv: env.PATH ?? "" });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const lmmsEvalIncludePaths = includeFolders(e.LMMS_EVAL_INCLUDE_PATHS, cwd);
  const responseCacheRoot = cacheRoot(e.LMMS_EVAL_CACHE_ROOT, dataDir, cwd);
  const port = e.PORT;
  const oidc = oidcConfig(e);
  return {
    port,
    host: e.HOST || "0.0.0.0",
    dataDir,
    databasePath: e.DATABASE_PATH
      ? path.resolve(/*turbopackIgnore: true*/ cwd, e.DATABASE_PATH)
      : path.join(dataDir, "dashboard.db"),
    runsDir: runsDirIn(dataDir),
    lmmsEvalCommand: lmmsEval.command,
    lmmsEvalCommandSource: lmmsEval.source,
    lmmsEvalIncludePaths,
    responseCacheRoot,
    adminEmail: e.ADMIN_EMAIL ? e.ADMIN_EMAIL.toLowerCase() : null,
    adminPassword: e.ADMIN_PASSWORD || null,
    nextAuthUrl: e.NEXTAUTH_URL || `http://localhost:${port}`,
    nextAuthSecret: e.NEXTAUTH_SECRET || secrets.nextAuthSecret,
    internalSecret: secrets.internalSecret,
    encryptionKey: Buffer.from(secrets.encryptionKey, "base64"),
    maxConcurrentRuns: e.MAX_CONCURRENT_RUNS,
    gpuSlots: e.GPU_SLOTS,
    allowPrivateWebhooks: e.ALLOW_PRIVATE_WEBHOOKS,
    importRoots: splitPathList(e.IMPORT_ROOTS),
    mediaRoots: splitPathList(e.MEDIA_ROOTS),
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    clientIpHeader: e.CLIENT_IP_HEADER,
    cancelGraceSeconds: e.CANCEL_GRACE_SECONDS,
    sessionMaxAgeSeconds: e.SESSION_MAX_AGE_HOURS * 3600,
    oidc,
  };
}

const globalForConfig = globalThis as unknown as { __lmmsDashboardConfig?: AppConfig };

/** The process-wide config; the first call parses and validates the environment. */
export function getConfig(): AppConfig {
  if (!globalForConfig.__lmmsDashboardConfig) {
    globalForConfig.__lmmsDashboardConfig = parseConfig(process.env);
  }
  return globalForConfig.__lmmsDashboardConfig;
}

/** For process entry points: print one clear line and exit instead of a stack trace. */
export function getConfigOrExit(): AppConfig {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      createLogger("config").error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Variables Next.js reads on its own (next-auth looks at these directly). */
export function exportAuthEnv(config: AppConfig): void {
  process.env.NEXTAUTH_URL = config.nextAuthUrl;
  process.env.NEXTAUTH_SECRET = config.nextAuthSecret;
}
