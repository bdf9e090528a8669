// Per-instruction flag whitelist (BuildKit instructions/bflag.go): each instruction declares
// the flags it accepts, then `parse()` checks the `--flag[=value]` words the parser extracted.
import { UserError } from '../../../../errors.js';

type FlagType = 'bool' | 'string' | 'strings';

export class Flag {
  /** bool: "true"/"false"; string: the value (default until set). */
  value: string;
  /** strings: every value given, in order (repeatable flags such as --mount). */
  readonly values: string[] = [];
  used = false;

  constructor(
    readonly name: string,
    readonly type: FlagType,
    def = '',
  ) {
    this.value = def;
  }

  isTrue(): boolean {
    return this.value === 'true';
  }
}

export class BFlags {
  private readonly flags = new Map<string, Flag>();

  constructor(private readonly args: readonly string[]) {}

  private add(name: string, type: FlagType, def: string): Flag {
    const flag = new Flag(name, type, def);
    this.flags.set(name, flag);
    return flag;
  }

  addBool(name: string, def = false): Flag {
    return this.add(name, 'bool', def ? 'true' : 'false');
  }

  addString(name: string, def = ''): Flag {
    return this.add(name, 'string', def);
  }

  addStrings(name: string): Flag {
    return this.add(name, 'strings', '');
  }

  /** Checks the given flags against the declared ones and records their values. */
  parse(): void {
    for (const arg of this.args) {
      if (!arg.startsWith('--')) throw new UserError(`Arg should start with -- : ${arg}`);
      if (arg === '--') return;
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const value = eq >= 0 ? body.slice(eq + 1) : '';
      const flag = this.flags.get(name);
      if (!flag) throw new UserError(`Unknown flag: ${name}`);
      if (flag.used && flag.type !== 'strings') throw new UserError(`Duplicate flag specified: ${name}`);
      flag.used = true;
      setFlagValue(flag, value, eq >= 0);
    }
  }
}

function setFlagValue(flag: Flag, value: string, hasValue: boolean): void {
  if (flag.type === 'bool') {
    // `--link` alone means true; `--link=` is an error.
    if (hasValue && value === '') throw new UserError(`Missing a value on flag: ${flag.name}`);
    const lower = value.toLowerCase();
    if (lower !== '' && lower !== 'true' && lower !== 'false') {
      throw new UserError(`Expecting boolean value for flag ${flag.name}, not: ${value}`);
    }
    flag.value = lower === '' ? 'true' : lower;
    return;
  }
  if (!hasValue) throw new UserError(`Missing a value on flag: ${flag.name}`);
  if (flag.type === 'string') flag.value = value;
  else flag.values.push(value);
}
