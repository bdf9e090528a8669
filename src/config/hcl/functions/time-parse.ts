// Instants as cty's time functions see them: an RFC 3339 timestamp keeps its own UTC offset
// (formatdate prints in that offset), and Go durations ("1h30m", "-90s") add exact nanoseconds.
import { jsonString } from './json.js';

export interface Instant {
  /** Nanoseconds since the Unix epoch. */
  epochNs: bigint;
  /** Offset from UTC in seconds, as written in the timestamp. */
  offset: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses RFC 3339; throws Error with cty's "not a valid RFC3339 timestamp" wording. */
export function parseRfc3339(text: string): Instant {
  const m = RFC3339.exec(text);
  if (!m) throw new Error(`not a valid RFC3339 timestamp: cannot parse ${jsonString(text)} as RFC3339`);
  const [, y, mo, d, h, mi, s, frac = '', zone] = m as unknown as string[];
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const [year, month, day, hour, minute, second] = fields;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new Error(`not a valid RFC3339 timestamp: value out of range in ${jsonString(text)}`);
  }
  const offset = zone === 'Z' ? 0 : (zone![0] === '-' ? -1 : 1) * (Number(zone!.slice(1, 3)) * 3600 + Number(zone!.slice(4)) * 60);
  const utcSeconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offset;
  return { epochNs: BigInt(utcSeconds) * 1_000_000_000n + BigInt(frac.padEnd(9, '0')), offset };
}

/** The wall-clock fields of an instant in its own offset. */
export function wallClock(t: Instant): Date {
  const seconds = Number(floorDiv(t.epochNs, 1_000_000_000n)) + t.offset;
  return new Date(seconds * 1000);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `+07:00` style offset; `Z` for UTC when `zulu` (Go's Z07:00). */
export function formatOffset(offset: number, zulu: boolean, colon = true): string {
  if (offset === 0 && zulu) return 'Z';
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}${colon ? ':' : ''}${pad(Math.floor(abs / 60) % 60)}`;
}

/** Go's time.RFC3339 layout: whole seconds, `Z` for a zero offset. */
export function formatRfc3339(t: Instant): string {
  const w = wallClock(t);
  const date = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
  const time = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
  return `${date}T${time}${formatOffset(t.offset, true)}`;
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration, in nanoseconds; throws Error with Go's messages. */
export function parseDuration(text: string): bigint {
  const quoted = jsonString(text);
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1n : 1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?([^\d.]*)/.exec(rest)!;
    const [whole, int = '', frac = '', unit = ''] = m as unknown as string[];
    if (int === '' && frac === '') throw new Error(`time: invalid duration ${quoted}`);
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const scale = UNITS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${jsonString(unit)} in duration ${quoted}`);
    total += BigInt(int || '0') * scale + (BigInt(frac || '0') * scale) / 10n ** BigInt(frac.length);
    rest = rest.slice(whole!.length);
  }
  return sign * total;
}
