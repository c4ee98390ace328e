import { maskKeyValueSecrets } from "@/lib/lmms-eval/command";
import { openJson, sealJson } from "./secret-box";

/** The `k=v,…` texts of a launch that may carry credentials (`api_key=…`, `hf_…` tokens). */
export type LaunchArgs = { modelArgs: string; genKwargs: string };

/** What is sealed: the texts as typed, and who typed them — only that person's launches may use them. */
type SealedLaunchArgs = LaunchArgs & { ownerId: number | null };

/**
 * How a run or a model version stores its args: the readable columns hold them with credentials masked (`***`), so
 * every query, page, export and comparison sees the masked form; the texts as typed are sealed (AES-256-GCM, the run
 * environment's key) beside them, only when masking changed something. `ownerId` is the person who gave the values.
 */
export function sealLaunchArgs(args: LaunchArgs, ownerId: number | null, key: Buffer): LaunchArgs & { argsSealed: string | null } {
  const masked = { modelArgs: maskKeyValueSecrets(args.modelArgs), genKwargs: maskKeyValueSecrets(args.genKwargs) };
  const holdsSecrets = masked.modelArgs !== args.modelArgs || masked.genKwargs !== args.genKwargs;
  return { ...masked, argsSealed: holdsSecrets ? sealJson({ ...args, ownerId } satisfies SealedLaunchArgs, key) : null };
}

/** The texts as typed (or the stored ones when nothing was sealed) and whose they are (null: nobody's secrets). */
export function openLaunchArgs(stored: LaunchArgs & { argsSealed: string | null }, key: Buffer): SealedLaunchArgs {
  if (!stored.argsSealed) return { modelArgs: stored.modelArgs, genKwargs: stored.genKwargs, ownerId: null };
  return openJson<SealedLaunchArgs>(stored.argsSealed, key);
}
