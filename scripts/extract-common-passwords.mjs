// `node scripts/extract-common-passwords.mjs`: rewrites lib/services/security/common-passwords.txt, the list of common
// passwords that the password policy refuses (offline: the list ships in the repository, nothing is looked up at run
// time). The list is the `passwords-common` dictionary of the npm package @zxcvbn-ts/language-common (MIT licence),
// the 49,233 common passwords the zxcvbn-ts strength estimator matches against, most common first. The package
// is fetched with `npm pack` into a temporary folder, so it never becomes a dependency of the dashboard.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tar from "tar";

const PACKAGE = "@zxcvbn-ts/language-common@4.1.3";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET = path.join(ROOT, "lib", "services", "security", "common-passwords.txt");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "common-passwords-"));
try {
  const tarball = execFileSync("npm", ["pack", PACKAGE, "--silent", "--pack-destination", work], { encoding: "utf8" }).trim().split("\n").pop();
  await tar.x({ file: path.join(work, tarball), cwd: work });
  const passwords = JSON.parse(fs.readFileSync(path.join(work, "package", "src", "passwords.json"), "utf8"));
  if (!Array.isArray(passwords) || passwords.length < 10_000 || passwords.some((p) => typeof p !== "string" || /[\r\n]/.test(p))) {
    throw new Error(`${PACKAGE} no longer has the expected passwords list`);
  }
  const unique = [...new Set(passwords.map((p) => p.toLowerCase()))];
  fs.writeFileSync(TARGET, `${unique.join("\n")}\n`);
  console.log(`Wrote ${unique.length} passwords from ${PACKAGE} to ${path.relative(ROOT, TARGET)}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
