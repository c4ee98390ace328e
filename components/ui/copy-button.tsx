"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { copyText } from "./copy-text";
import { Button } from "@/components/ui/button";

export function CopyButton({ text, label = "Copy", disabled }: { text: string; label?: string; disabled?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={disabled}
      aria-label={copied ? "Copied" : label}
      onClick={async () => {
        if (await copyText(text)) {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }
      }}
    >
      {copied ? <Check size={12} aria-hidden /> : <Copy size={12} aria-hidden />}
      <span aria-hidden>{copied ? "Copied" : "Copy"}</span>
    </Button>
  );
}
