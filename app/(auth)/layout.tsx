import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-lg font-semibold tracking-tight">LMMS-Eval Dashboard</p>
          <p className="text-xs text-zinc-500">Launch, watch and compare lmms-eval runs</p>
        </div>
        {children}
      </div>
    </main>
  );
}
