"use client";

import { LogOut, Monitor, Moon, Settings, Sun } from "lucide-react";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useRef, useState, useTransition } from "react";
import { saveThemeAction } from "@/app/(app)/settings/profile/actions";
import { cn } from "@/components/ui/cn";
import { FormMessage } from "@/components/ui/field";
import { initialActionState } from "@/lib/actions/action-state";
import { useDismiss } from "@/components/ui/use-dismiss";

type Theme = "system" | "light" | "dark";
const THEMES: Array<{ value: Theme; label: string; Icon: typeof Sun }> = [
  { value: "system", label: "System", Icon: Monitor },
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
];

function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  (window as unknown as { __applyTheme?: () => void }).__applyTheme?.();
}

export function UserMenu({ name, email, role, theme: initialTheme }: { name: string; email: string; role: string; theme: Theme }) {
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<Theme>(initialTheme);
  const [, startTransition] = useTransition();
  const ref = useRef<HTMLDivElement>(null);

  useDismiss(open, ref, () => setOpen(false));

  const choose = (next: Theme) => {
    setTheme(next);
    applyTheme(next);
    const formData = new FormData();
    formData.set("theme", next);
    startTransition(async () => {
      const answer = await saveThemeAction(initialActionState, formData).catch(() => ({ ok: false, message: "The server could not be reached." }));
      // The page already shows the new theme; say so when it will not be remembered.
      setSaveProblem(answer.ok ? null : `Not saved: ${answer.message ?? "the server refused it"}`);
      if (answer.ok) setSaved(next);
    });
  };

  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`${name}, ${role}: account menu`}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-zinc-200/60 dark:hover:bg-zinc-800"
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-accent-600 text-xs font-semibold text-white">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden text-left sm:block">
          <span className="block leading-tight font-medium">{name}</span>
          <span className="block text-xs leading-tight text-zinc-500">{role}</span>
        </span>
      </button>
      {open ? (
        <div
          role="menu"
          className="absolute right-0 z-50 mt-2 w-60 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="px-3 py-2 text-xs text-zinc-500">{email}</div>
          <div className="px-3 pb-2">
            <div className="mb-1 text-xs font-medium text-zinc-500">Theme</div>
            <div className="flex gap-1" role="radiogroup" aria-label="Theme" data-saved={saved}>
              {THEMES.map(({ value, label, Icon }) => (
                <button
                  key={value}
                  type="button"
                  role="radio"
                  aria-checked={theme === value}
                  onClick={() => choose(value)}
                  className={cn(
                    "flex flex-1 items-center justify-center gap-1 rounded-md border px-2 py-1 text-xs",
                    theme === value
                      ? "border-accent-500 bg-accent-50 text-accent-700 dark:bg-accent-700/20 dark:text-accent-100"
                      : "border-zinc-200 dark:border-zinc-700",
                  )}
                >
                  <Icon size={12} aria-hidden /> {label}
                </button>
              ))}
            </div>
            <FormMessage message={saveProblem} tone="error" inline className="mt-1 block" />
          </div>
          <Link role="menuitem" href="/settings/profile" onClick={() => setOpen(false)} className="flex items-center gap-2 rounded-md px-3 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
            <Settings size={14} aria-hidden /> Settings
          </Link>
          <button
            role="menuitem"
            type="button"
            onClick={() => signOut({ callbackUrl: "/login" })}
            className="flex w-full items-center gap-2 rounded-md px-3 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <LogOut size={14} aria-hidden /> Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
