import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

/**
 * Every variant looks disabled when it is: faded, and without the hover that would invite a click (an outline button
 * that stays crisp reads as one that works).
 */
const VARIANTS = {
  primary: "bg-accent-600 text-white hover:bg-accent-700 disabled:bg-accent-600/50 disabled:hover:bg-accent-600/50",
  secondary:
    "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-100 disabled:opacity-50 disabled:hover:bg-white dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800 dark:disabled:hover:bg-zinc-900",
  danger: "bg-red-600 text-white hover:bg-red-700 disabled:bg-red-600/50 disabled:hover:bg-red-600/50",
  ghost: "text-zinc-700 hover:bg-zinc-200/60 disabled:opacity-40 disabled:hover:bg-transparent dark:text-zinc-300 dark:hover:bg-zinc-800 dark:disabled:hover:bg-transparent",
} as const;

const SIZES = { sm: "h-7 px-2.5 text-xs", md: "h-9 px-3.5 text-sm" } as const;

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof VARIANTS;
  size?: keyof typeof SIZES;
};

export function buttonClasses(variant: keyof typeof VARIANTS = "primary", size: keyof typeof SIZES = "md"): string {
  return cn(
    "inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed",
    VARIANTS[variant],
    SIZES[size],
  );
}

export function Button({ variant = "primary", size = "md", className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={cn(buttonClasses(variant, size), className)} {...props} />;
}
