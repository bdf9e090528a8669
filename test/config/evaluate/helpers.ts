// Parses inline bake files (HCL, or HCL-JSON for `.json` names) and evaluates them together.
import { evaluateBake } from '../../../src/config/evaluate.js';
import { parseHclJson } from '../../../src/config/hcl/json.js';
import { parseHcl } from '../../../src/config/hcl/parser.js';
import type { EvalOptions, EvaluatedConfig, RawTarget } from '../../../src/config/types.js';

export function bake(files: Record<string, string>, opts: Partial<EvalOptions> = {}): EvaluatedConfig {
  const parsed = Object.entries(files).map(([filename, text]) => ({
    filename,
    body: filename.endsWith('.json') ? parseHclJson(filename, text) : parseHcl(filename, text),
  }));
  return evaluateBake(parsed, { env: {}, vars: {}, builtins: {}, ...opts });
}

/** The error message evaluating the files throws. */
export function bakeError(files: Record<string, string>, opts: Partial<EvalOptions> = {}): string {
  try {
    bake(files, opts);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected evaluation to fail');
}

/** The attributes of the only target named `name`. */
export function attrsOf(config: EvaluatedConfig, name: string): RawTarget['attrs'] {
  const found = config.targets.filter((t) => t.name === name);
  if (found.length !== 1) throw new Error(`expected one target ${name}, got ${found.length}`);
  return found[0]!.attrs;
}
