// Hand-rolled flag parsing (no dependency): buildx's flag set, repeatable `-f/--set/--var/--allow`,
// `--flag value` and `--flag=value`, bool flags with optional `=false`, `--` ends the flags.
import { UserError } from '../../errors.js';

type Kind = 'bool' | 'string' | 'list';

const FLAGS: Record<string, { kind: Kind; short?: string }> = {
  file: { kind: 'list', short: 'f' },
  print: { kind: 'bool' },
  list: { kind: 'string' },
  // Hidden, deprecated spellings of --list=targets / --list=variables.
  'list-targets': { kind: 'bool' },
  'list-variables': { kind: 'bool' },
  set: { kind: 'list' },
  var: { kind: 'list' },
  push: { kind: 'bool' },
  load: { kind: 'bool' },
  'no-cache': { kind: 'bool' },
  pull: { kind: 'bool' },
  progress: { kind: 'string' },
  'metadata-file': { kind: 'string' },
  allow: { kind: 'list' },
  call: { kind: 'string' },
  check: { kind: 'bool' },
  provenance: { kind: 'string' },
  sbom: { kind: 'string' },
  debug: { kind: 'bool', short: 'D' },
  builder: { kind: 'string' },
  parallelism: { kind: 'string' },
  policy: { kind: 'list' },
  execution: { kind: 'string' },
  jobs: { kind: 'string', short: 'j' },
  format: { kind: 'string' },
  help: { kind: 'bool', short: 'h' },
  version: { kind: 'bool' },
};

const SHORT = new Map(Object.entries(FLAGS).flatMap(([name, f]) => (f.short ? [[f.short, name] as const] : [])));

export interface ParsedArgs {
  bools: Map<string, boolean>;
  strings: Map<string, string>;
  lists: Map<string, string[]>;
  positionals: string[];
}

function boolValue(name: string, text: string): boolean {
  if (['1', 't', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'false', 'FALSE', 'False'].includes(text)) return false;
  throw new UserError(`invalid argument "${text}" for "--${name}" flag: strconv.ParseBool: parsing "${text}": invalid syntax`);
}

/** `name=value` after `--`. */
function splitLong(body: string): { key: string; inline?: string } {
  const eq = body.indexOf('=');
  return eq < 0 ? { key: body } : { key: body.slice(0, eq), inline: body.slice(eq + 1) };
}

/** `-fX`, `-f=X` or `-f` (pflag's shorthand forms). */
function splitShort(body: string): { key: string; inline?: string } {
  if (body.length === 1) return { key: body };
  return { key: body[0]!, inline: body[1] === '=' ? body.slice(2) : body.slice(1) };
}

/** Splits `argv` into flag values and positionals. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { bools: new Map(), strings: new Map(), lists: new Map(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const { key, inline } = long ? splitLong(arg.slice(2)) : splitShort(arg.slice(1));
    const name = long ? key : SHORT.get(key);
    const flag = name ? FLAGS[name] : undefined;
    if (!name || !flag) throw new UserError(`unknown ${long ? 'flag' : 'shorthand flag'}: '${long ? `--${key}` : key}' in ${arg}`);
    if (flag.kind === 'bool') {
      const on = inline === undefined ? true : boolValue(name, inline);
      // `--check` writes `check` into --call's value (buildx's callAlias), so the later of the two wins.
      if (name === 'check') {
        if (on) out.strings.set('call', 'check');
        continue;
      }
      out.bools.set(name, on);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UserError(`flag needs an argument: --${name}`);
    if (flag.kind === 'string') out.strings.set(name, value);
    else out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
  }
  return out;
}
