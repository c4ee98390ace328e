import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

export const inputClasses =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm shadow-xs placeholder:text-zinc-400 focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/30 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 aria-[invalid=true]:border-red-500";

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(inputClasses, "h-9", className)} {...props} />;
}

export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(inputClasses, "font-mono", className)} {...props} />;
}

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(inputClasses, "h-9", className)} {...props} />;
}

/** A labelled form field whose error is announced (aria-live) and linked to the control. */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors?: string[];
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
      {hint && !errors?.length ? <p className="text-xs text-zinc-500">{hint}</p> : null}
      <p id={`${name}-error`} aria-live="polite" className="text-xs text-red-600 dark:text-red-400">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

const MESSAGE_TONES = {
  error: { role: "alert", block: "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200", inline: "text-red-600 dark:text-red-400" },
  warning: { role: "alert", block: "bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200", inline: "text-amber-700 dark:text-amber-400" },
  success: { role: "status", block: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200", inline: "text-emerald-700 dark:text-emerald-400" },
} as const;

export type MessageTone = keyof typeof MESSAGE_TONES;

/**
 * The one way a form (or a row action) reports its outcome: an action state (`ok` → success, else error) or a message
 * with a tone. Errors and warnings are alerts, successes a status, so screen readers announce them. `inline` is the
 * compact form for table rows and toolbars; `children` adds a next step under the message.
 */
export function FormMessage({
  state,
  message,
  tone,
  inline = false,
  className,
  children,
  testId,
}: {
  state?: { ok: boolean; message?: string };
  message?: ReactNode;
  tone?: MessageTone;
  inline?: boolean;
  className?: string;
  children?: ReactNode;
  testId?: string;
}) {
  const text = message ?? state?.message;
  if (!text && !children) return null;
  const { role, block, inline: inlineTone } = MESSAGE_TONES[tone ?? (state?.ok ? "success" : "error")];
  const Tag = inline ? "span" : "div";
  return (
    <Tag role={role} data-testid={testId} className={cn(inline ? `text-xs ${inlineTone}` : `rounded-md px-3 py-2 text-sm ${block}`, className)}>
      {text}
      {children}
    </Tag>
  );
}
