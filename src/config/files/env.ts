// Environment switches read while loading definitions. buildx parses them with Go's ParseBool.

/** Go's strconv.ParseBool; undefined when the text is not a boolean. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** A boolean environment switch: set to a true value. */
export function envFlag(env: Record<string, string | undefined>, name: string): boolean {
  const v = env[name];
  return v !== undefined && parseGoBool(v) === true;
}

/** The environment variable lookups may use: none when BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP is set. */
export function lookupEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return envFlag(env, 'BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP') ? {} : env;
}
