import { parseKeyValueArgs } from "@/lib/lmms-eval/command/key-value-args";
import { isSecretKey, MASK, maskSecretsInArgs } from "@/lib/lmms-eval/command/preview";

/**
 * The compare page's configuration diff, one row per difference. `k=v,…` fields (model args, gen kwargs) are opened
 * up key by key, so "dtype bf16 → fp16" is shown instead of two long strings that differ somewhere.
 *
 * The service's diff carries the versions' raw args; this runs on the server and masks every credential-named key
 * and `hf_…` token before anything reaches the page. Two different secrets still count as a difference: the row
 * says so without showing either value.
 */
export type RawConfigDiff = ReadonlyArray<{ field: string; a: string; b: string }>;

export type ConfigDiffRow = {
  field: string;
  /** The `k=v` key for model args / gen kwargs rows; null for whole-field rows. */
  key: string | null;
  /** null: the key is not set on this side. */
  a: string | null;
  b: string | null;
  /** Both values are secrets: shown masked, but they do differ. */
  secret: boolean;
};

const KEY_VALUE_FIELDS = new Set(["model args", "gen kwargs"]);

/** lmms-eval strips and unquotes nothing, but `"x"` vs `x` or spacing are not meaningful differences to a reader. */
const canonicalValue = (value: string) => value.trim().replace(/^(["'])(.*)\1$/, "$2");

function maskValue(key: string, value: string): string {
  if (isSecretKey(key)) return MASK;
  const masked = maskSecretsInArgs(["--model_args", `${key}=${value}`])[1];
  return masked.slice(key.length + 1);
}

const maskWhole = (text: string) => (text ? maskSecretsInArgs(["--model_args", text])[1] : text);

/** `#12` (the service's way of naming a parent) as that version's label, when known. */
function parentName(value: string, versionLabel?: (id: number) => string | undefined): string {
  const match = /^#(\d+)$/.exec(value);
  const label = match && versionLabel ? versionLabel(Number(match[1])) : undefined;
  return label ?? value;
}

export function expandConfigDiff(diff: RawConfigDiff, options: { versionLabel?: (id: number) => string | undefined } = {}): ConfigDiffRow[] {
  const rows: ConfigDiffRow[] = [];
  for (const d of diff) {
    const a = KEY_VALUE_FIELDS.has(d.field) ? parseKeyValueArgs(d.a) : null;
    const b = KEY_VALUE_FIELDS.has(d.field) ? parseKeyValueArgs(d.b) : null;
    if (a?.ok && b?.ok) {
      const mapA = new Map(a.pairs.map(([k, v]) => [k.trim(), v]));
      const mapB = new Map(b.pairs.map(([k, v]) => [k.trim(), v]));
      const keys = [...new Set([...mapA.keys(), ...mapB.keys()])];
      for (const key of keys) {
        const va = mapA.get(key);
        const vb = mapB.get(key);
        if (va !== undefined && vb !== undefined && canonicalValue(va) === canonicalValue(vb)) continue;
        rows.push({
          field: d.field,
          key,
          a: va === undefined ? null : maskValue(key, va),
          b: vb === undefined ? null : maskValue(key, vb),
          secret: isSecretKey(key) && va !== undefined && vb !== undefined,
        });
      }
      continue;
    }
    const shown = (value: string) => (KEY_VALUE_FIELDS.has(d.field) ? maskWhole(value) : d.field === "parent" ? parentName(value, options.versionLabel) : value);
    const shownA = shown(d.a);
    const shownB = shown(d.b);
    rows.push({ field: d.field, key: null, a: shownA === "" ? null : shownA, b: shownB === "" ? null : shownB, secret: shownA === shownB });
  }
  return rows;
}
