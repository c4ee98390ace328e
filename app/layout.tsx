import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { getCurrentActor } from "@/lib/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "LMMS-Eval Dashboard", template: "%s · LMMS-Eval Dashboard" },
  description: "Launch, watch, store and compare lmms-eval runs",
};

// Applies the remembered theme before first paint (no flash); "system" follows prefers-color-scheme live.
const THEME_SCRIPT = `(function(){var r=document.documentElement;function a(){var t=r.dataset.theme;r.classList.toggle('dark',t==='dark'||(t==='system'&&matchMedia('(prefers-color-scheme: dark)').matches))}a();matchMedia('(prefers-color-scheme: dark)').addEventListener('change',a);window.__applyTheme=a})()`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  // The Content-Security-Policy (proxy.ts) only runs inline scripts that carry this request's nonce.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const theme = actor?.theme ?? "system";
  return (
    <html lang="en" data-theme={theme} className={theme === "dark" ? "dark" : undefined} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
