import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The repository stands alone: its code, tests, fixtures and docs never send a reader to a document that is not in
 * it (a sibling `../shared` folder, a reference file on one machine, a path such as `/work/…`), every `docs/…` file
 * they name exists, and every `§name` they cite is a section heading in `docs/`.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const THIS_FILE = path.relative(ROOT, import.meta.filename);
const SKIPPED_DIRS = new Set(["node_modules", ".next", ".git", "test-results", "playwright-report", "__pycache__"]);
/** Git-ignored folders at the top: the default DATA_DIR and scratch space. */
const SKIPPED_TOP_DIRS = new Set(["data", "tmp"]);
const TEXT_FILE = /\.(ts|tsx|mts|mjs|cjs|js|py|sh|md|ya?ml|json|css)$|_yaml$|^run$/;
const SKIPPED_FILES = new Set(["package-lock.json", THIS_FILE]);

function repositoryFiles(dir = ""): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) || (dir === "" && SKIPPED_TOP_DIRS.has(entry.name)) ? [] : repositoryFiles(relative);
    return entry.isFile() && TEXT_FILE.test(entry.name) && !SKIPPED_FILES.has(relative) ? [relative] : [];
  });
}

/** Ways of pointing outside the repository, each with what to write instead. */
const OUTSIDE: Array<[RegExp, string]> = [
  [/\.\.\/shared\b/, "a folder beside the repository"],
  [/(?<![\w.-])\/(work|root)\//, "a path on one machine"],
  [/\bREFERENCE\b/, "the lmms-eval reference that lives outside the repository: cite docs/LMMS-EVAL-BEHAVIOUR.md §name"],
  [/\bSTACK\.md\b|\bgotcha \d/i, "the stack notes that live outside the repository: cite docs/STACK-NOTES.md §name"],
  [/\bHOUSE_STYLE\b|\bDESIGN\.md\b/, "a design document outside the repository: cite docs/CONVENTIONS.md or docs/ARCHITECTURE.md"],
  // Numbered sections were the outside reference's scheme; the docs here name their sections. Published works stay.
  [/(?<!(Numerical Recipes|RFC \d+) )§ ?\d/, "a numbered section of a document outside the repository"],
];

const DOC_PATH = /\bdocs\/([\w.-]+\.md)\b/g;
/** `docs/X.md §name` (the section must be in X) or a bare `§name` (it must be in some doc). */
const SECTION_CITATION = /(?:\b(?:docs\/)?([\w.-]+\.md) )?§([a-z][a-z0-9-]*)/g;
const MARKDOWN_LINK = /\]\((?!https?:|mailto:|#)([^)\s#]+)(?:#[^)]*)?\)/g;

function sectionsByDoc(): Map<string, Set<string>> {
  const docs = new Map<string, Set<string>>();
  for (const file of fs.readdirSync(path.join(ROOT, "docs")).filter((name) => name.endsWith(".md"))) {
    const text = fs.readFileSync(path.join(ROOT, "docs", file), "utf8");
    docs.set(file, new Set([...text.matchAll(/^#+ §([a-z][a-z0-9-]*)/gm)].map((m) => m[1])));
  }
  return docs;
}

function problemsIn(file: string, text: string, docs: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  const allSections = new Set([...docs.values()].flatMap((names) => [...names]));
  text.split("\n").forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    for (const [pattern, what] of OUTSIDE) if (pattern.test(line)) problems.push(`${where}: ${what} — ${line.trim()}`);
    for (const [, name] of line.matchAll(DOC_PATH)) {
      if (!docs.has(name)) problems.push(`${where}: docs/${name} does not exist`);
    }
    for (const [, doc, section] of line.matchAll(SECTION_CITATION)) {
      const known = doc && docs.has(doc) ? docs.get(doc)! : doc ? null : allSections;
      if (known && !known.has(section)) problems.push(`${where}: §${section} is not a section of ${doc ?? "any doc in docs/"}`);
    }
    if (file.endsWith(".md")) {
      for (const [, target] of line.matchAll(MARKDOWN_LINK)) {
        if (!fs.existsSync(path.resolve(ROOT, path.dirname(file), target))) problems.push(`${where}: link to ${target}, which does not exist`);
      }
    }
  });
  return problems;
}

describe("the repository is self-contained", () => {
  const docs = sectionsByDoc();

  it("points at nothing outside itself, and every doc and section it cites exists", () => {
    const problems = repositoryFiles().flatMap((file) => problemsIn(file, fs.readFileSync(path.join(ROOT, file), "utf8"), docs));
    expect(problems).toEqual([]);
  });

  it("names each docs section once, so that a citation has one meaning", () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const [doc, names] of docs) {
      for (const name of names) {
        if (seen.has(name)) duplicates.push(`§${name} in ${seen.get(name)} and ${doc}`);
        else seen.set(name, doc);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it("catches each kind of outside reference (the checks themselves can fail)", () => {
    const sample = [
      "// see ../shared/notes.md",
      "// built on /work/main/data",
      "// as REFERENCE §2.3 says",
      "// STACK.md gotcha 7",
      "// see HOUSE_STYLE",
      "// (§3.1)",
      "// docs/NO-SUCH-DOC.md",
      "// docs/LMMS-EVAL-BEHAVIOUR.md §no-such-section",
      "// Numerical Recipes §6.2",
    ].join("\n");
    const found = problemsIn("sample.ts", sample, docs).map((problem) => Number(/^sample\.ts:(\d+):/.exec(problem)?.[1]));
    expect([...new Set(found)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
