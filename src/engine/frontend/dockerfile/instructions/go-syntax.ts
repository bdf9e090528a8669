// Value syntaxes BuildKit inherits from Go's standard library (strconv, time, encoding/csv,
// docker/go-units): flag values must be accepted and rejected exactly as there.
import { UserError } from '../../../../errors.js';
import { goQuote } from '../../../../strconv.js';


/** strconv.ParseUint(s, base, 32); undefined when invalid or out of range. */
export function parseUint32(s: string, base: 8 | 10): number | undefined {
  const re = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!re.test(s)) return undefined;
  const n = Number.parseInt(s, base);
  return n <= 0xffffffff ? n : undefined;
}

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** time.ParseDuration, in nanoseconds (`1h30m`, `1.5s`, `-2ms`; `0` alone needs no unit). */
export function parseGoDuration(s: string): number {
  const invalid = () => new UserError(`time: invalid duration ${goQuote(s)}`);
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let total = 0;
  while (rest !== '') {
    const num = /^([0-9]*)(\.[0-9]*)?/.exec(rest)!;
    if (num[0] === '' || num[0] === '.') throw invalid();
    rest = rest.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === '') throw new UserError(`time: missing unit in duration ${goQuote(s)}`);
    const factor = UNIT_NS[unit];
    if (factor === undefined) throw new UserError(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(s)}`);
    rest = rest.slice(unit.length);
    total += Number.parseFloat(num[0].startsWith('.') ? '0' + num[0] : num[0]) * factor;
  }
  if (total > 2 ** 63 - 1) throw invalid();
  return sign * Math.trunc(total);
}

const RAM_UNITS: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** go-units RAMInBytes: `64m`, `1.5GiB`, `512` (binary multipliers). */
export function ramInBytes(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(s);
  if (!m) return undefined;
  const size = Number.parseFloat(m[1]!);
  if (Number.isNaN(size)) return undefined;
  const mult = m[2] ? RAM_UNITS[m[2].toLowerCase()]! : 1;
  return Math.trunc(size * mult);
}

/** One record of encoding/csv: comma-separated, `"..."` quoted fields with `""` escapes. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new UserError(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== ',') throw new UserError(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
    } else {
      while (i < line.length && line[i] !== ',') {
        if (line[i] === '"') throw new UserError(`parse error on line 1, column ${i + 1}: bare " in non-quoted-field`);
        field += line[i++];
      }
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}
