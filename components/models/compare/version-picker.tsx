import { ArrowLeftRight } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";
import { Select } from "@/components/ui/field";

type VersionOption = { id: number; label: string; modelName: string };

/** A plain GET form (works without JavaScript): choose A and B, the page re-renders with ?a=&b=. */
export function VersionPicker({ versions, a, b }: { versions: VersionOption[]; a: number | null; b: number | null }) {
  const groups = new Map<string, VersionOption[]>();
  for (const v of versions) (groups.get(v.modelName) ?? groups.set(v.modelName, []).get(v.modelName)!).push(v);
  const options = [...groups.entries()].map(([model, list]) => (
    <optgroup key={model} label={model}>
      {list.map((v) => (
        <option key={v.id} value={v.id}>
          {model} · {v.label}
        </option>
      ))}
    </optgroup>
  ));
  return (
    <form method="get" action="/models/compare" className="flex flex-wrap items-end gap-2" aria-label="Choose versions to compare">
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        A (reference)
        <Select name="a" defaultValue={a ?? ""} className="w-64 py-0">
          <option value="" disabled>
            Choose a version…
          </option>
          {options}
        </Select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        B (compared)
        <Select name="b" defaultValue={b ?? ""} className="w-64 py-0">
          <option value="" disabled>
            Choose a version…
          </option>
          {options}
        </Select>
      </label>
      <button type="submit" className={buttonClasses("secondary")}>
        <ArrowLeftRight size={14} aria-hidden /> Compare
      </button>
    </form>
  );
}
