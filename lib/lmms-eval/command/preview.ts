import { parseKeyValueArgs, splitOutsideQuotesAndBrackets } from "./key-value-args";

export const MASK = "***";

/** Flags whose value is a `k=v,…` list that lmms-eval parses with `simple_parse_args_string`. */
const KEY_VALUE_FLAGS = new Set(["--model_args", "--gen_kwargs", "--wandb_args", "--swanlab_args", "--hf_hub_log_args"]);
const SECRET_KEY_NAMES = new Set(["api_key", "apikey", "token", "secret", "password", "passwd"]);
const SECRET_KEY_SUFFIXES = ["_key", "_token", "_secret", "password", "apikey"];
/** Hugging Face user access tokens (`hf_` + 30-odd letters). */
const HF_TOKEN = /\bhf_[A-Za-z0-9]{16,}\b/g;
/** Words the shell takes literally; everything else is single-quoted. */
const SHELL_SAFE_WORD = /^[A-Za-z0-9_@%+=:,.\/-]+$/;
/** In command position `NAME=value` would be an assignment, not the program name. */
const ASSIGNMENT_WORD = /^[A-Za-z_][A-Za-z0-9_]*=/;
const SHELL_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A copy-pasteable POSIX shell rendering of an argv, for display only: the dashboard never runs it (runs are spawned
 * from the argv itself, without a shell). Every word is single-quoted unless it is made of plain characters, so
 * quotes, `$()`, backticks, globs, newlines and unicode come out literally; secrets in `k=v` flags and `hf_…` tokens
 * are replaced by `***` (maskSecretsInArgs).
 * The environment is shown as a `NAME=*** ` prefix with every value masked, whatever it is: `env` holds the run's
 * own variables, `secretEnvNames` the names of variables the server adds without showing their values to anyone.
 */
export function formatCommandPreview(
  argv: string[],
  options: { env: Record<string, string>; secretEnvNames?: string[] },
): string {
  const envNames = [...new Set([...Object.keys(options.env), ...(options.secretEnvNames ?? [])])];
  const assignments = envNames.map((name) => `${name}=${MASK}`);
  const words = maskSecretsInArgs(argv).map((word, index) => quoteForPosixShell(word, index === 0));
  // A name the shell cannot assign (validated run env never has one) still renders correctly through env(1).
  const prefix = envNames.every((name) => SHELL_VARIABLE_NAME.test(name))
    ? assignments
    : ["env", ...assignments.map((assignment) => quoteForPosixShell(assignment, false))];
  return [...prefix, ...words].join(" ");
}

/**
 * The same masking rules as lmms-eval's `_redact_eval_config_secrets` (docs/LMMS-EVAL-BEHAVIOUR.md §model-args): in `k=v,…` flag values, the
 * value of any key named like a credential (`api_key`, `token`, `secret`, `password`, or ending in `_key`, `_token`,
 * `_secret`, `password`) becomes `***`; anywhere in the argv, `hf_…` tokens become `***`. Returns a new array.
 */
export function maskSecretsInArgs(argv: string[]): string[] {
  return argv.map((word, index) => {
    const attached = /^(--[a-z_]+)=([\s\S]*)$/.exec(word);
    if (attached && KEY_VALUE_FLAGS.has(attached[1])) return `${attached[1]}=${maskKeyValueSecrets(attached[2])}`;
    if (index > 0 && KEY_VALUE_FLAGS.has(argv[index - 1])) return maskKeyValueSecrets(word);
    return word.replace(HF_TOKEN, MASK);
  });
}

export function quoteForPosixShell(word: string, isCommandWord: boolean): string {
  if (SHELL_SAFE_WORD.test(word) && !(isCommandWord && ASSIGNMENT_WORD.test(word))) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * One `k=v,…` text (model args, gen kwargs) with credential values replaced by `***` and `hf_…` tokens masked. Every
 * `secret_key=…` inside a value or in text that is not a valid list (a console line, an audit note, a URL's
 * `?token=…`) is masked up to the next comma too, so the same rule serves any string that may quote model args.
 */
export function maskKeyValueSecrets(value: string): string {
  const split = splitOutsideQuotesAndBrackets(value);
  if (!split.ok) return maskAssignments(value);
  return split.pieces
    .map((piece) => {
      const equals = piece.indexOf("=");
      // A credential's value is masked whole, quotes and brackets included (the split knows where it ends).
      if (equals >= 0 && isSecretKey(piece.slice(0, equals).trim())) return `${piece.slice(0, equals)}=${MASK}`;
      return maskAssignments(piece);
    })
    .join(",");
}

const KEY_ASSIGNMENT = /([A-Za-z0-9_]+)(\s*=\s*)/g;

/** `secret_key=…` anywhere in free text, up to the next comma (lmms-eval's own redaction stops there too). */
function maskAssignments(text: string): string {
  let masked = "";
  let last = 0;
  for (const match of text.matchAll(KEY_ASSIGNMENT)) {
    if (match.index < last || !isSecretKey(match[1])) continue;
    const valueStart = match.index + match[0].length;
    const comma = text.indexOf(",", valueStart);
    masked += `${text.slice(last, valueStart)}${MASK}`;
    last = comma < 0 ? text.length : comma;
  }
  return `${masked}${text.slice(last)}`.replace(HF_TOKEN, MASK);
}

/** Credential-named keys (same rules as lmms-eval's redaction): their values are never shown. */
export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SECRET_KEY_NAMES.has(lower) || SECRET_KEY_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/**
 * Canonical form of `k=v,…` so the same configuration written in another order (or with other spacing) matches:
 * sorted keys, trimmed values, surrounding quotes dropped, credential values masked — a key is not part of what is
 * evaluated (and stored args hold only the mask), so `api_key=sk-…`, `api_key=[REDACTED]` and `api_key=***` agree.
 */
export function canonicalKeyValue(text: string): string {
  const masked = maskKeyValueSecrets(text ?? "");
  const parsed = parseKeyValueArgs(masked);
  if (!parsed.ok) return masked.trim();
  return parsed.pairs
    .map(([k, v]) => [k.trim(), v.trim().replace(/^(["'])(.*)\1$/, "$2")] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
