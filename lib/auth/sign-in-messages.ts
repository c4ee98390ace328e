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
