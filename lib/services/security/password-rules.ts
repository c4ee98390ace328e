import fs from "node:fs";
import path from "node:path";
import type { DbOrTx } from "@/db/client";
import { InvalidInputError } from "@/lib/services/errors";
import { effectivePolicy, type SecurityPolicy } from "./policy";

/**
 * The common passwords the policy refuses: the `passwords-common` dictionary of @zxcvbn-ts/language-common 4.1.3
 * (MIT), 49,233 entries, lower-cased. It ships in the repository so the check works offline;
 * `node scripts/extract-common-passwords.mjs` rewrites it from the package.
 */
const COMMON_PASSWORDS_FILE = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "services", "security", "common-passwords.txt");

let commonPasswords: Set<string> | null = null;

function isCommonPassword(password: string): boolean {
  // Read once per process (about 450 KB, a few milliseconds), at the first password anyone sets.
  commonPasswords ??= new Set(fs.readFileSync(COMMON_PASSWORDS_FILE, "utf8").split("\n").filter(Boolean));
  return commonPasswords.has(password.toLowerCase());
}

/** Why the policy refuses this password, or null. Checked wherever a password is set; existing ones stay valid. */
export function passwordProblem(policy: SecurityPolicy, password: string): string | null {
  if (password.length < policy.passwords.minLength) return `Password must be at least ${policy.passwords.minLength} characters`;
  if (policy.passwords.rejectCommon && isCommonPassword(password)) return "This password is one of the most common passwords; choose another";
  return null;
}

/** Throws a field error naming `field` when the current policy refuses the password. */
export function assertPasswordAllowed(db: DbOrTx, password: string, field = "password"): void {
  const problem = passwordProblem(effectivePolicy(db), password);
  if (problem) throw new InvalidInputError(problem, { [field]: [problem] });
}
