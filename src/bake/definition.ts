// The pure pipeline every command shares: read files → evaluate → merge (BakeConfig) → resolve the
// requested targets. Effects are limited to reading the definition files.
import { formatPlatform, hostPlatform } from '../engine/platform.js';
import { envFlag } from '../config/files/env.js';
import { loadConfig, readConfigFiles } from '../config/load.js';
import type { ConfigFile, VariableInfo } from '../config/types.js';
import { BakeConfig } from './config.js';
import { readTargets, type ResolvedTargets } from './read-targets.js';

export interface Invocation {
  cwd: string;
  env: Record<string, string | undefined>;
  readStdin: () => Promise<string>;
}

export interface DefinitionOptions {
  files: readonly string[];
  vars: Record<string, string>;
  /** A remote definition's files (remote-definitions.ts), read instead of `files`. */
  remote?: { files: ConfigFile[]; cmdContext: string };
}

export interface Definition {
  config: BakeConfig;
  variables: VariableInfo[];
}

export async function loadDefinition(opts: DefinitionOptions, inv: Invocation): Promise<Definition> {
  const files = opts.remote?.files ?? (await readConfigFiles({ cwd: inv.cwd, files: opts.files, env: inv.env, readStdin: inv.readStdin }));
  const evaluated = await loadConfig(files, {
    cwd: inv.cwd,
    env: inv.env,
    vars: opts.vars,
    builtins: { BAKE_CMD_CONTEXT: opts.remote?.cmdContext ?? 'cwd://', BAKE_LOCAL_PLATFORM: formatPlatform(hostPlatform()) },
  });
  return { config: new BakeConfig(evaluated), variables: evaluated.variables };
}

/** The targets named on the command line (`default` when none), with `--set`s applied. */
export function resolveRequested(config: BakeConfig, names: readonly string[], sets: readonly string[], inv: Invocation): ResolvedTargets {
  const requested = config.expandNames(names.length > 0 ? names : ['default']);
  const sourceDateEpoch = inv.env['SOURCE_DATE_EPOCH'];
  return readTargets(config, requested, {
    sets,
    env: envFlag(inv.env, 'BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP') ? undefined : inv.env,
    ...(sourceDateEpoch ? { sourceDateEpoch } : {}),
  });
}
