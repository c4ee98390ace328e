// The parser and the masking rules themselves, not the command index (its argv builder needs node:path): this module
// also serves the browser's forms.
import { parseKeyValueArgs } from "./command/key-value-args";
import { isSecretKey, maskKeyValueSecrets, MASK } from "./command/preview";

/** Values shorter than this are not masked in console output: "1" or "true" would blank out half the log. */
const MIN_SECRET_LENGTH = 4;

/**
 * The concrete secret strings of a run: every environment value the user gave (all of them are treated as secret)
 * and the values of credential-named keys in model args / gen kwargs. lmms-eval prints its model args unredacted at
 * the end of a run, so console lines are masked with these before anyone sees them.
 */
export function collectSecretValues(input: { env?: Record<string, string>; modelArgs?: string; genKwargs?: string }): string[] {
  const values = new Set<string>(Object.values(input.env ?? {}));
  for (const text of [input.modelArgs, input.genKwargs]) {
    if (!text) continue;
    const parsed = parseKeyValueArgs(text);
    if (!parsed.ok) continue;
    for (const [key, value] of parsed.pairs) if (isSecretKey(key)) values.add(value.replace(/^(["'])(.*)\1$/, "$2"));
  }
  // Longest first, so a secret that contains another is masked whole.
  return [...values].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function maskSecretValues(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
  return masked;
}

/**
 * The credential-named keys of a `k=v,…` text whose value is the mask: a value someone saw as `***` and sent back.
 * Such a text must never be run as it is (lmms-eval would get `***` as the key).
 */
export function keysWithMaskedValues(text: string): string[] {
  const parsed = parseKeyValueArgs(text);
  if (!parsed.ok) return text.includes(MASK) ? ["(masked value)"] : [];
  return parsed.pairs.filter(([, value]) => value.includes(MASK)).map(([key]) => key);
}

/** Plain data only: dates, buffers and class instances pass through untouched. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Any JSON-shaped value with credentials masked, for everything that stores or serves data that may hold model args
 * (audit details, lmms-eval's results config): the value of a credential-named key (`api_key`, `*_token`, … — the
 * same rule as the command preview) becomes `***` unless it is a boolean (`hasApiKey: true` is no secret), and every
 * string is masked as a `k=v` text (`"pretrained=x,api_key=…"` inside a string).
 */
export function maskSecretsDeep<T>(value: T): T {
  if (typeof value === "string") return maskKeyValueSecrets(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskSecretsDeep(item)) as T;
  if (!isPlainObject(value)) return value;
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    masked[key] = isSecretKey(key) && item !== null && typeof item !== "boolean" && (typeof item !== "object" || Array.isArray(item)) ? MASK : maskSecretsDeep(item);
  }
  return masked as T;
}

/** A JSON string literal, escapes included (unrolled so long strings do not backtrack). */
const STRING_LITERAL = /"[^"\\]*(?:\\.[^"\\]*)*"/g;
const KEY_COLON = /\s*:/y;

/**
 * maskSecretsDeep over JSON *text*, literal by literal, so a file that is not strict JSON (lmms-eval writes NaN and
 * Infinity) keeps every other byte: the string value of a credential-named key becomes "***", every other string is
 * masked as a `k=v` text. Used wherever lmms-eval's results JSON is stored or served.
 */
export function maskSecretsInJsonText(text: string): string {
  let out = "";
  let last = 0;
  /** Where the value of the last credential-named key starts (just after its colon), or -1. */
  let secretValueFrom = -1;
  for (const match of text.matchAll(STRING_LITERAL)) {
    const start = match.index;
    const end = start + match[0].length;
    KEY_COLON.lastIndex = end;
    const isKey = KEY_COLON.test(text);
    let decoded: string;
    try {
      decoded = JSON.parse(match[0]) as string;
    } catch {
      continue;
    }
    if (isKey) {
      secretValueFrom = isSecretKey(decoded) ? KEY_COLON.lastIndex : -1;
      continue;
    }
    const isSecretValue = secretValueFrom >= 0 && text.slice(secretValueFrom, start).trim() === "";
    secretValueFrom = -1;
    const masked = isSecretValue ? MASK : maskKeyValueSecrets(decoded);
    if (masked === decoded) continue;
    out += text.slice(last, start) + JSON.stringify(masked);
    last = end;
  }
  return last === 0 ? text : out + text.slice(last);
}
