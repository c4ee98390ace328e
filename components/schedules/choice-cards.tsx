"use client";

import { cn } from "@/components/ui/cn";

/** A radio group whose options carry a one-line explanation (policies, target kinds). Native radios: arrows work. */
export function ChoiceCards<T extends string>({
  name,
  legend,
  value,
  options,
  onChange,
  columns = 2,
}: {
  name: string;
  legend: string;
  value: T;
  options: Array<{ value: T; label: string; help: string }>;
  onChange: (value: T) => void;
  columns?: 2 | 3 | 4;
}) {
  return (
    <fieldset data-field={name}>
      <legend className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">{legend}</legend>
      <div className={cn("grid gap-2", columns === 2 ? "sm:grid-cols-2" : columns === 3 ? "sm:grid-cols-3" : "sm:grid-cols-4")}>
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          const checked = option.value === value;
          return (
            <label
              key={option.value}
              htmlFor={id}
              className={cn(
                "flex cursor-pointer gap-2.5 rounded-md border px-3 py-2 transition-colors",
                checked
                  ? "border-accent-500 bg-accent-50/70 dark:border-accent-500 dark:bg-accent-600/10"
                  : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800/40",
              )}
            >
              <input id={id} type="radio" name={name} value={option.value} checked={checked} onChange={() => onChange(option.value)} aria-describedby={`${id}-help`} className="mt-0.5 h-4 w-4 shrink-0 accent-accent-600" />
              <span className="min-w-0">
                <span className="block text-sm font-medium">{option.label}</span>
                <span id={`${id}-help`} className="block text-xs text-zinc-500">
                  {option.help}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
