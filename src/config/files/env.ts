// Environment switches read while loading definitions. buildx parses them with Go's ParseBool.

import { parseGoBool } from '../../strconv.js';

/** A boolean environment switch: set to a true value. */
export function envFlag(env: Record<string, string | undefined>, name: string): boolean {
  const v = env[name];
  return v !== undefined && parseGoBool(v) === true;
}

/** The environment variable lookups may use: none when BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP is set. */
export function lookupEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return envFlag(env, 'BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP') ? {} : env;
}
