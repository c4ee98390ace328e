import { isSecretKey, MASK, parseKeyValueArgs } from "./command";

/** Values shorter than this are not masked in console output: "1" or "true" would blank out half the log. */
const MIN_SECRET_LENGTH = 4;

/**
 * The concrete secret strings of a run: every environment value the user gave (all of them are treated as secret)
 * and the values of credential-named keys in model args / gen kwargs. lmms-eval prints its model args unredacted at
 * the end of a run (REFERENCE §2.5), so console lines are masked with these before anyone sees them.
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
