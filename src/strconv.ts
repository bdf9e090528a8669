// Go's strconv.ParseBool, shared by every layer: buildx and BuildKit read booleans (environment
// switches, `--set` values, variable overrides, `--mount` options) with it, so we accept exactly
// the same spellings everywhere.

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool; undefined when the text is not a boolean. */
export function parseGoBool(text: string): boolean | undefined {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}
