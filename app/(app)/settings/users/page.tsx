import type { Metadata } from "next";
import { CreateUserForm, UserRowActions } from "@/components/settings/user-forms";
import { Badge } from "@/components/ui/badge";
import { AccessDenied } from "@/components/ui/access-denied";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listUsers } from "@/lib/services/users/list-users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const ctx = await requirePageContext();
  if (!can.manageUsers(ctx.actor)) return <AccessDenied what="managing users" />;
  const users = listUsers({ db: getDb(), ctx });
  return (
    <>
      <PageHeader title="Users" description="Viewers read everything; members also launch and cancel runs; admins manage users and settings." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Add a user" description="Give them the initial password; they can change it under Profile." />
          <div className="px-4 py-3">
            <CreateUserForm />
          </div>
        </Card>
        <Card>
          <CardHeader title={`Team (${users.length})`} />
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th>Last sign-in</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.email}`}>
                  <Td className="font-medium">{u.name}</Td>
                  <Td>{u.email}</Td>
                  <Td>
                    <Badge tone={u.role === "admin" ? "violet" : u.role === "member" ? "blue" : "neutral"}>{u.role}</Badge>
                  </Td>
                  <Td>
                    <span className="flex flex-wrap gap-1">
                      {u.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
                      {u.twoFactorEnabled ? <Badge tone="neutral">2FA</Badge> : null}
                    </span>
                  </Td>
                  <Td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "never"}</Td>
                  <Td className="text-right">
                    <UserRowActions user={u} isSelf={u.id === ctx.actor.id} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </div>
    </>
  );
}
