import type { OAuthConfig } from "next-auth/providers/oauth";
// next-auth's own OpenID client (a dependency of next-auth): only its TokenSet type, which next-auth's types lose.
import type { TokenSet } from "openid-client";
import type { OidcConfig } from "@/lib/config";

/** next-auth's id of the single sign-on provider: its callback is `<NEXTAUTH_URL>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";

type OidcProfile = Record<string, unknown> & { sub: string };

/**
 * The OpenID Connect provider configured by OIDC_* (lib/config.ts), for next-auth v4. Endpoints and keys come from the
 * provider's discovery document; the authorization code flow is protected by PKCE (S256), state and nonce, each kept
 * in a signed, short-lived cookie by next-auth and checked by openid-client at the callback, which also verifies the
 * ID token (signature, issuer, audience, expiry, nonce). The client authenticates with its secret
 * (client_secret_basic, the default of openid-client and of most providers).
 *
 * Claims: the ID token's, merged with the userinfo endpoint's. Many providers put e-mail and name only in userinfo
 * when an access token is issued (OpenID Connect Core 5.4); openid-client refuses a userinfo answer whose `sub` differs
 * from the token's. What the dashboard does with the claims is lib/services/users/sso/sign-in-with-sso.ts.
 */
export function oidcProvider(config: OidcConfig): OAuthConfig<OidcProfile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.name,
    type: "oauth",
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: config.scopes.join(" ") } },
    checks: ["pkce", "state", "nonce"],
    idToken: true,
    userinfo: {
      async request({ tokens, client }) {
        const tokenSet = tokens as TokenSet;
        const idTokenClaims = tokenSet.claims();
        const userinfo = await client.userinfo(tokenSet);
        // The ID token's issuer and subject are the identity; userinfo adds to them (and is the fresher of the two).
        return { ...idTokenClaims, ...userinfo, iss: idTokenClaims.iss, sub: idTokenClaims.sub };
      },
    },
    profile(profile) {
      return { id: profile.sub, email: typeof profile.email === "string" ? profile.email : null, name: typeof profile.name === "string" ? profile.name : null };
    },
  };
}
