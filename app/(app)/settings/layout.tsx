import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { actor } = await requirePageContext();
  const items = [
    { href: "/settings/profile", label: "Profile" },
    { href: "/settings/tokens", label: "API tokens" },
    { href: "/settings/notifications", label: "Notifications" },
    ...(can.manageUsers(actor) ? [{ href: "/settings/users", label: "Users" }] : []),
    ...(can.viewAuditLog(actor) ? [{ href: "/settings/audit", label: "Audit log" }] : []),
    ...(can.manageSettings(actor) ? [{ href: "/settings/security", label: "Security" }] : []),
    ...(can.manageSettings(actor) ? [{ href: "/settings/slurm", label: "Slurm" }] : []),
    ...(can.manageSettings(actor) ? [{ href: "/settings/webhooks", label: "Webhooks" }, { href: "/settings/email", label: "E-mail" }] : []),
    { href: "/settings/system", label: "System" },
  ];
  return (
    <div className="grid gap-6 md:grid-cols-[180px_1fr]">
      <SettingsNav items={items} />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
