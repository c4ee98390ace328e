/**
 * What sign-in answers, shared by the server (lib/services/users/sign-in.ts) and the login form, which recognises
 * TWO_FACTOR_REQUIRED to ask for the code. Client-safe: no imports.
 */

/** The one message for every wrong email/password combination, so it never reveals whether an account exists. */
export const INVALID_CREDENTIALS = "Invalid email or password";
/** The password was right and the account has two-factor authentication: send it again with a code. */
export const TWO_FACTOR_REQUIRED = "Enter the 6-digit code from your authenticator app";
export const INVALID_CODE = "That code is not right (or was already used). Enter the current code, or a recovery code.";
export const PASSWORD_SIGN_IN_OFF = "Password sign-in is turned off for this dashboard: sign in with single sign-on";

/**
 * Why a single sign-on attempt came back to the login page (`/login?error=<code>`), by code: ours (the refusals of
 * lib/services/users/sso/sign-in-with-sso.ts) and next-auth's own. Nothing was created or changed in any of these cases.
 */
export const SSO_ERRORS: Record<string, string> = {
  sso_email_missing: "Your identity provider did not share an e-mail address, so no account could be matched. Ask your administrator to release the email scope to this dashboard.",
  sso_email_unverified: "Your identity provider has not verified your e-mail address. Verify it there, then sign in again.",
  sso_account_not_linked:
    "An account with your e-mail address already exists here and signs in with a password. Sign in with it, or ask an administrator to allow single sign-on for existing accounts.",
  account_disabled: "Your account on this dashboard is disabled. Ask an administrator to enable it.",
  // next-auth: the provider could not be reached (discovery) before leaving for it.
  OAuthSignin: "The identity provider could not be reached, so single sign-on did not start. Nothing was changed: try again in a moment, or ask your administrator.",
  // next-auth: the answer from the provider failed a check (state, PKCE, nonce, ID token) or the token exchange failed.
  OAuthCallback: "Single sign-on could not be completed: the answer from the identity provider was not valid (an expired or tampered sign-in, or the provider is unreachable). Nothing was changed: start again.",
  Callback: "Single sign-on could not be completed. Nothing was changed: start again.",
  AccessDenied: "Single sign-on was refused. Nothing was changed.",
  Configuration: "Single sign-on is not set up correctly on this dashboard. Ask your administrator.",
};
export const SSO_ERROR_FALLBACK = "Signing in did not complete. Nothing was changed: start again.";
