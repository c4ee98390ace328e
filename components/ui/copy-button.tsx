"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState, type RefObject } from "react";
import { Button } from "./button";
import { copyText, selectContents } from "./copy-text";

/**
 * Copies `text` on any origin (plain http included). When the browser refuses, the text shown in `fallbackTarget` is
 * selected and the button says to press Ctrl+C — for a secret shown once (an API token), failing silently would lose it.
 */
export function CopyButton({
  text,
  label = "Copy",
  disabled,
  fallbackTarget,
}: {
  text: string;
  label?: string;
  disabled?: boolean;
  fallbackTarget?: RefObject<HTMLElement | null>;
}) {
  const [outcome, setOutcome] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    if (await copyText(text)) {
      setOutcome("copied");
      timer.current = setTimeout(() => setOutcome("idle"), 1500);
    } else {
      if (fallbackTarget?.current) selectContents(fallbackTarget.current);
      setOutcome("failed");
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size="sm" disabled={disabled} aria-label={outcome === "copied" ? "Copied" : label} onClick={copy}>
        {outcome === "copied" ? <Check size={12} aria-hidden /> : <Copy size={12} aria-hidden />}
        <span aria-hidden>{outcome === "copied" ? "Copied" : "Copy"}</span>
      </Button>
      <span role="status" className="text-xs text-amber-700 empty:hidden dark:text-amber-400">
        {outcome === "failed" ? (fallbackTarget ? "The browser blocked copying: the text is selected, press Ctrl+C." : "The browser blocked copying: select the text and press Ctrl+C.") : ""}
      </span>
    </span>
  );
}
