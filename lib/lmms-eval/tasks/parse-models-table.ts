export type ModelKind = "chat" | "chat+simple" | "simple";

export type ModelRow = {
  name: string;
  type: ModelKind;
  aliases: string[];
  /** The table cuts names at 28 characters, so a name that fills the column may be a prefix of the real id. */
  nameMayBeTruncated: boolean;
};

export type ModelsTableParse = { ok: true; models: ModelRow[] } | { ok: false; error: string };

/** Column widths of `lmms_eval/cli/models_cmd.py`: `_col(name, 28)`, `_col(type, 14)`, then the aliases. */
const NAME_WIDTH = 28;
const TYPE_WIDTH = 14;
const ANSI_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;
const RULE = /^-{20,}$/;
const MODEL_KINDS: ReadonlySet<string> = new Set<ModelKind>(["chat", "chat+simple", "simple"]);

/**
 * Reads `lmms-eval models [--aliases]` (docs/LMMS-EVAL-BEHAVIOUR.md §subcommands): a `Name`/`Type`[/`Aliases`] header, a rule of dashes, one
 * fixed-width row per model, another rule, then a summary. Columns are cut by position, not by whitespace, because a
 * 28-character name runs straight into its type. Lines between the rules whose type column is not a known kind
 * (stray log output) are skipped.
 */
export function parseModelsTable(stdout: string): ModelsTableParse {
  const lines = stdout.replace(ANSI_ESCAPE, "").split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => /^Name\s+Type\b/.test(line));
  if (headerIndex < 0 || !RULE.test(lines[headerIndex + 1]?.trim() ?? "")) {
    return { ok: false, error: "the output has no 'Name  Type' table header" };
  }
  const models: ModelRow[] = [];
  for (const line of lines.slice(headerIndex + 2)) {
    if (RULE.test(line.trim())) break;
    const name = line.slice(0, NAME_WIDTH).trim();
    const type = line.slice(NAME_WIDTH, NAME_WIDTH + TYPE_WIDTH).trim();
    if (!name || !MODEL_KINDS.has(type)) continue;
    const aliases = line
      .slice(NAME_WIDTH + TYPE_WIDTH)
      .split(",")
      .map((alias) => alias.trim())
      .filter((alias) => alias !== "");
    models.push({ name, type: type as ModelKind, aliases, nameMayBeTruncated: name.length >= NAME_WIDTH });
  }
  return { ok: true, models };
}
