"use client";

import { ChevronsUpDown } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/field";
import { browserTimezone, canonicalZone, listTimezones, searchTimezones } from "@/lib/schedules-view/timezones";

/**
 * A searchable list of the IANA zones this browser knows (`Intl.supportedValuesOf("timeZone")`), as an ARIA
 * combobox: type to filter, arrows to move, Enter to choose. Leaving the field keeps typed text (canonically spelled);
 * the server's preview says if it is no zone.
 */
export function TimezoneCombobox({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  invalid?: boolean;
}) {
  const zones = useMemo(() => listTimezones(), []);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [mine, setMine] = useState<string | null>(null);
  const listId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const leaveRef = useRef<() => void>(() => undefined);
  const matches = useMemo(() => searchTimezones(zones, query ?? "", 80), [zones, query]);

  useEffect(() => setMine(browserTimezone()), []);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) leaveRef.current();
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const choose = (zone: string) => {
    onChange(zone);
    setQuery(null);
    setOpen(false);
  };
  leaveRef.current = () => leave();
  /** Leaving the field keeps what was typed, spelled as the zone list spells it ("utc" → "UTC"). */
  const leave = () => {
    if (query !== null) {
      const canonical = canonicalZone(zones, query);
      if (canonical !== value) onChange(canonical);
    }
    setOpen(false);
    setQuery(null);
  };

  return (
    <div ref={wrapper} className="relative">
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={`${id}-error`}
        value={query ?? value}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search, e.g. Berlin or New York"
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          // The schedule's zone changes when a zone is chosen (or the field is left), not on every keystroke.
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, Math.max(0, matches.length - 1)));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === "Enter") {
            // Enter picks a zone; it never submits the schedule.
            e.preventDefault();
            if (open && matches[active]) choose(matches[active]);
          } else if (e.key === "Escape" && open) {
            e.preventDefault();
            leave();
          } else if (e.key === "Tab") {
            leave();
          }
        }}
        className={cn(inputClasses, "h-9 pr-8 font-mono text-[13px]")}
      />
      <ChevronsUpDown size={14} aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-zinc-400" />
      {open ? (
        <ul
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label="Time zones"
          className="absolute z-30 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {matches.length === 0 ? (
            <li className="px-3 py-2 text-zinc-500">No IANA time zone matches “{query}”.</li>
          ) : (
            matches.map((zone, index) => (
              <li
                key={zone}
                id={`${listId}-${index}`}
                data-index={index}
                role="option"
                aria-selected={zone === value}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(zone);
                }}
                onMouseEnter={() => setActive(index)}
                className={cn(
                  "flex cursor-pointer items-center justify-between gap-2 px-3 py-1 font-mono text-[13px]",
                  index === active && "bg-accent-50 text-accent-700 dark:bg-accent-600/20 dark:text-accent-100",
                )}
              >
                {zone}
                {zone === mine ? (
                  <span aria-hidden className="font-sans text-xs text-zinc-500">
                    your zone
                  </span>
                ) : null}
              </li>
            ))
          )}
        </ul>
      ) : null}
      {mine && mine !== value ? (
        <button type="button" onClick={() => choose(mine)} className="mt-1 text-xs text-accent-600 underline-offset-2 hover:underline dark:text-accent-500">
          Use your zone ({mine})
        </button>
      ) : null}
    </div>
  );
}
