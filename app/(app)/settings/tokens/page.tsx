import type { Metadata } from "next";
import { CreateTokenForm, RevokeTokenButton } from "@/components/settings/token-forms";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { listApiTokens } from "@/lib/services/tokens/list-api-tokens";
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
            acts with your role.
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="New token" description="The token is shown once, right after you create it." />
          <div className="px-4 py-3">
            <CreateTokenForm />
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
                  <Th>Created</Th>
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
                    <Td>{formatDateTime(t.createdAt)}</Td>
                    <Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</Td>
                    <Td>{t.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}</Td>
                    <Td className="text-right">{t.revokedAt ? null : <RevokeTokenButton tokenId={t.id} name={t.name} />}</Td>
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
