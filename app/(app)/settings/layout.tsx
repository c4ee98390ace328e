import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { actor } = await requirePageContext();
  const items = [
    { href: "/settings/profile", label: "Profile" },
    { href: "/settings/tokens", label: "API tokens" },
    ...(can.manageUsers(actor) ? [{ href: "/settings/users", label: "Users" }] : []),
    ...(can.manageSettings(actor) ? [{ href: "/settings/slurm", label: "Slurm" }] : []),
    ...(can.viewAuditLog(actor) ? [{ href: "/settings/audit", label: "Audit log" }] : []),
    { href: "/settings/system", label: "System" },
  ];
  return (
    <div className="grid gap-6 md:grid-cols-[180px_1fr]">
      <SettingsNav items={items} />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
