// `--set PATTERN.KEY[.NAME][+]=VALUE`: parsed once against the config's target names (syntax and
// pattern errors come before any resolution, as in buildx), then applied to each target right after
// its inherits merge; unknown keys and bad values only fail for targets actually resolved.
import { UserError } from '../errors.js';
import { FIELD_BY_SET_KEY } from './fields.js';
import { BadPatternError, matchNames } from './pattern.js';

/** The accumulated `--set`s of one key of one target. */
export interface Override {
  /** The last scalar value (`=v`). */
  value?: string;
  /** Every value given for list keys, in order. */
  values: string[];
  /** `+=`: append to the file's list instead of replacing it (the last `--set` decides). */
  append: boolean;
}

/** target name → key (`tags`, `args.FOO`, `secret.id`) → override, keys in first-given order. */
export type Overrides = Map<string, Map<string, Override>>;

/** Keys whose repeated values accumulate into a list. */
function accumulates(key: string): boolean {
  const rule = FIELD_BY_SET_KEY.get(key)?.override;
  return rule === 'list' || rule === 'append';
}

/** buildx checks these while parsing; other map keys are checked when applied. */
const NAMED_AT_PARSE = new Set(['args', 'contexts', 'resources']);

function targetsFor(pattern: string, targetNames: readonly string[]): string[] {
  if (targetNames.includes(pattern)) return [pattern];
  let names: string[];
  try {
    names = matchNames(pattern, targetNames);
  } catch (err) {
    if (err instanceof BadPatternError) throw new UserError(`could not match targets with '${pattern}': ${err.message}`);
    throw err;
  }
  if (names.length === 0) throw new UserError(`could not find any target matching '${pattern}'`);
  return names;
}

interface ParsedSet {
  pattern: string;
  key: string;
  field: string;
  value: string;
  append: boolean;
}

function parseOne(text: string, env: Record<string, string | undefined> | undefined): ParsedSet | undefined {
  const eq = text.indexOf('=');
  const lhs = eq < 0 ? text : text.slice(0, eq);
  const append = lhs.endsWith('+');
  const skey = append ? lhs.slice(0, -1) : lhs;
  const dot = skey.indexOf('.');
  if (dot < 0) throw new UserError(`invalid override key ${skey}, expected target.name`);
  const pattern = skey.slice(0, dot);
  const key = skey.slice(dot + 1);
  const field = key.split('.', 1)[0]!;
  if (eq < 0 && field !== 'args') throw new UserError(`invalid override ${text}, expected target.name=value`);
  if (NAMED_AT_PARSE.has(field) && !key.includes('.')) throw new UserError(`invalid key ${lhs}, ${field} requires name`);
  let value = eq < 0 ? undefined : text.slice(eq + 1);
  if (value === undefined) {
    // `--set t.args.NAME` takes NAME's value from the environment, skipped when unset; with
    // lookups disabled it is set empty.
    value = env ? env[key.slice(field.length + 1)] : '';
    if (value === undefined) return undefined;
  }
  return { pattern, key, field, value, append };
}

/** Parses every `--set` against the config's target names; `env` (undefined: lookups disabled) serves bare `args.NAME`. */
export function parseOverrides(
  sets: readonly string[],
  targetNames: readonly string[],
  env: Record<string, string | undefined> | undefined,
): Overrides {
  const out: Overrides = new Map();
  for (const text of sets) {
    const parsed = parseOne(text, env);
    if (!parsed) continue;
    for (const name of targetsFor(parsed.pattern, targetNames)) {
      const keys = out.get(name) ?? new Map<string, Override>();
      out.set(name, keys);
      const o = keys.get(parsed.key) ?? { values: [], append: false };
      keys.set(parsed.key, o);
      if (accumulates(parsed.field)) {
        o.values.push(parsed.value);
        o.append = parsed.append;
      } else o.value = parsed.value;
    }
  }
  return out;
}
