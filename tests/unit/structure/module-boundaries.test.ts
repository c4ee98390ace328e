import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The import rules of lib/README.md, checked on the source so they stay true: db/ never imports lib/, lib/ never
 * imports app/, components/ or workers/; the worker reaches the database only through services; lib/*-view modules
 * are client-safe all the way down.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const SOURCE = /\.(ts|tsx|mts|mjs)$/;

type Import = { specifier: string; typeOnly: boolean; line: number };

function sourceFiles(dir: string): string[] {
  return (fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && SOURCE.test(e.name) && !e.name.endsWith(".d.mts") && !e.name.endsWith(".test.ts"))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** Static imports and re-exports (`import type` and all-`type` braces are erased when compiled), and dynamic imports. */
function importsOf(file: string, source: string): Import[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      let typeOnly: boolean;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
        typeOnly = Boolean(clause?.isTypeOnly || (clause && !clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      } else {
        const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
        typeOnly = node.isTypeOnly || Boolean(named && named.length > 0 && named.every((e) => e.isTypeOnly));
      }
      found.push({ specifier: node.moduleSpecifier.text, typeOnly, line: lineOf(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** A project file an import points at, or null for a package. */
function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.join(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, ...[".ts", ".tsx", ".mjs", ".mts"].map((ext) => base + ext), ...["index.ts", "index.tsx"].map((i) => path.join(base, i))]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return path.normalize(candidate);
  }
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Packages and modules that only run on the server (native code, the file system, the DB, request APIs, config). */
const SERVER_ONLY_PACKAGE = /^(node:|fs$|path$|crypto$|child_process$|drizzle-orm|better-sqlite3|next\/server|next\/headers|next-auth|server-only|busboy|tar$|yauzl|nodemailer|socket\.io$)/;
const SERVER_ONLY_FILE = /^(db\/(client|schema)|lib\/(db|config|log)\.|lib\/services\/|lib\/auth\/|lib\/realtime\/(publish|socket-server|room-access)|lib\/crypto\/)/;

/** Every server-only module a file reaches through value imports, with the chain that reaches it. */
function serverOnlyReach(entry: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of importsOf(file, read(file))) {
      if (imp.typeOnly) continue;
      const target = resolve(file, imp.specifier);
      const where = [...chain, `${file}:${imp.line}`].join(" → ");
      if (target === null) {
        if (SERVER_ONLY_PACKAGE.test(imp.specifier)) problems.push(`${where} imports ${imp.specifier}`);
      } else if (SERVER_ONLY_FILE.test(target)) {
        problems.push(`${where} imports ${target}`);
      } else {
        visit(target, [...chain, `${file}:${imp.line}`]);
      }
    }
  };
  visit(entry, []);
  return problems;
}

describe("module boundaries", () => {
  it("db/ imports nothing from lib/ (lib depends on db, never the other way round)", () => {
    const offending = sourceFiles("db").flatMap((file) =>
      importsOf(file, read(file))
        .filter((imp) => resolve(file, imp.specifier)?.startsWith("lib/"))
        .map((imp) => `${file}:${imp.line} imports ${imp.specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("lib/ imports nothing from app/, components/ or workers/", () => {
    const offending = sourceFiles("lib").flatMap((file) =>
      importsOf(file, read(file))
        .filter((imp) => /^(app|components|workers)\//.test(resolve(file, imp.specifier) ?? ""))
        .map((imp) => `${file}:${imp.line} imports ${imp.specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("workers/ reaches the database only through services: no drizzle, no db/ values (types are fine)", () => {
    const offending = sourceFiles("workers").flatMap((file) =>
      importsOf(file, read(file))
        .filter((imp) => imp.specifier.startsWith("drizzle-orm") || (!imp.typeOnly && resolve(file, imp.specifier)?.startsWith("db/")))
        .map((imp) => `${file}:${imp.line} imports ${imp.specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("lib/*-view modules are client-safe: no value import reaches a server-only module, however indirectly", () => {
    const viewFolders = fs.readdirSync(path.join(ROOT, "lib")).filter((name) => name.endsWith("-view"));
    expect(viewFolders.length).toBeGreaterThan(5);
    const offending = viewFolders.flatMap((folder) => sourceFiles(path.join("lib", folder))).flatMap(serverOnlyReach);
    expect(offending).toEqual([]);
  });
});
