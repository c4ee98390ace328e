import { canonicalKeyValue, maskSecretsInArgs } from "./preview";

/** What a registered model version fixes about a launch. */
export type LaunchConfig = { backend: string; modelArgs: string; genKwargs: string };
export type OverrideField = keyof LaunchConfig;
export type LaunchOverrides = Partial<Record<OverrideField, [version: string, run: string]>>;

const FLAG: Record<Exclude<OverrideField, "backend">, string> = { modelArgs: "--model_args", genKwargs: "--gen_kwargs" };

/**
 * What a launch changes relative to its model version, as the run records it (`versionOverrides`). A field counts
 * only if it configures the evaluation differently: the backend ignoring surrounding spaces (it is trimmed before
 * use); `k=v` text regardless of key order, spacing and quotes, and regardless of credential values (`api_key=…`,
 * `hf_…` tokens), which change who pays, not what is evaluated — and which the browser only ever sees as `***`.
 * The server records exactly this and the new-run form shows exactly this before launch, so the form never announces
 * an override that the run will not carry, nor hides one. Client-safe.
 */
export function launchOverrides(version: LaunchConfig, launch: LaunchConfig): LaunchOverrides {
  const overrides: LaunchOverrides = {};
  if (launch.backend.trim() !== version.backend.trim()) overrides.backend = [version.backend, launch.backend.trim()];
  for (const field of ["modelArgs", "genKwargs"] as const) {
    // Recorded masked: overrides are shown to everyone who may see the run and written to the audit log.
    const masked = (text: string) => maskSecretsInArgs([FLAG[field], text])[1];
    if (canonicalKeyValue(masked(launch[field])) !== canonicalKeyValue(masked(version[field]))) overrides[field] = [masked(version[field]), masked(launch[field])];
  }
  return overrides;
}
