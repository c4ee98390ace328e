import type { Metadata } from "next";
import { CreateTokenForm, RevokeTokenButton } from "@/components/settings/token-forms";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { listApiTokens } from "@/lib/services/tokens/list-api-tokens";
import { scopesForRole } from "@/lib/services/tokens/queries";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const ctx = await requirePageContext();
  const tokens = listApiTokens({ db: getDb(), ctx });
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens for the REST API: send <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>. A token
            acts with your role, limited to its scopes; the API description lists the scope each operation needs.
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="New token" description="The token is shown once, right after you create it." />
          <div className="px-4 py-3">
            <CreateTokenForm scopes={scopesForRole(ctx.actor.role)} />
          </div>
        </Card>
        <Card>
          <CardHeader title="Your tokens" />
          {tokens.length === 0 ? (
            <div className="p-4">
              <EmptyState title="No tokens yet">Create one above to call the API from scripts or CI.</EmptyState>
            </div>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Token</Th>
                  <Th>Scopes</Th>
                  <Th>Created</Th>
                  <Th>Expires</Th>
                  <Th>Last used</Th>
                  <Th>Status</Th>
                  <Th className="text-right">Actions</Th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} data-testid={`token-row-${t.name}`}>
                    <Td className="font-medium">{t.name}</Td>
                    <Td className="font-mono text-xs">{t.prefix}…</Td>
                    <Td className="whitespace-nowrap text-xs">{t.scopes.join(", ")}</Td>
                    <Td>{formatDateTime(t.createdAt)}</Td>
                    <Td>{t.expiresAt ? formatDateTime(t.expiresAt) : "never"}</Td>
                    <Td>
                      {t.lastUsedAt ? (
                        <>
                          {formatDateTime(t.lastUsedAt)}
                          {t.lastUsedIp ? <span className="block font-mono text-xs text-zinc-500">from {t.lastUsedIp}</span> : null}
                        </>
                      ) : (
                        "never"
                      )}
                    </Td>
                    <Td>
                      <Badge tone={t.status === "active" ? "green" : t.status === "expired" ? "amber" : "red"}>{t.status}</Badge>
                    </Td>
                    <Td className="text-right">{t.status === "revoked" ? null : <RevokeTokenButton tokenId={t.id} name={t.name} />}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
