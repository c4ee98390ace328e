"use client";

import { Eye, EyeOff } from "lucide-react";
import { useState, type InputHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/field";

/** A masked text input with a show/hide toggle. Password managers are told to stay away: these are not logins. */
export function SecretInput({
  label,
  className,
  masked = true,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: string; masked?: boolean }) {
  const [revealed, setRevealed] = useState(false);
  const hidden = masked && !revealed;
  return (
    <div className={cn("relative", className)}>
      <input
        {...props}
        type={hidden ? "password" : "text"}
        autoComplete="off"
        spellCheck={false}
        data-1p-ignore
        data-lpignore="true"
        className={cn(inputClasses, "h-9 font-mono text-[13px]", masked && "pr-9")}
      />
      {masked ? (
        <button
          type="button"
          onClick={() => setRevealed((v) => !v)}
          aria-label={`${revealed ? "Hide" : "Show"} ${label}`}
          aria-pressed={revealed}
          className="absolute inset-y-0 right-0 flex w-9 items-center justify-center rounded-r-md text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
        >
          {revealed ? <EyeOff size={15} aria-hidden /> : <Eye size={15} aria-hidden />}
        </button>
      ) : null}
    </div>
  );
}
