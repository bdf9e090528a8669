// Date and time functions: cty's formatdate/timeadd (Terraform's format mini-language:
// YYYY, MMM, DD, EEE, hh, mm, ss, ZZZZZ, 'quoted literals') plus buildx's timestamp,
// formattimestamp and unixtimestampparse.
import { makeObject, type Value, type ValueObject } from '../value.js';
import { fn, NUMBER, p, STRING } from './define.js';
import { jsonString } from './json.js';
import { formatOffset, formatRfc3339, parseDuration, parseRfc3339, wallClock, type Instant } from './time-parse.js';
import { FunctionArgError, type HclFunction } from './types.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Splits a format into runs of one letter, 'quoted literals' and other characters. */
function tokenize(format: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    if (ch === "'") {
      const end = readQuoted(format, i);
      tokens.push(format.slice(i, end));
      i = end;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (format[j] === ch) j++;
      tokens.push(format.slice(i, j));
      i = j;
    } else {
      tokens.push(ch);
      i++;
    }
  }
  return tokens;
}

/** End index of the quoted literal starting at `start` ('' inside is a quote). */
function readQuoted(format: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = format.indexOf("'", i);
    if (q < 0) throw new FunctionArgError(0, 'unterminated literal \'');
    if (format[q + 1] === "'" && q + 1 !== start + 1) {
      i = q + 2;
      continue;
    }
    return q + 1;
  }
}

function literal(token: string): string {
  if (token === "''") return "'";
  return token.slice(1, -1).replaceAll("''", "'");
}

function formatVerb(token: string, t: Instant, w: Date): string | undefined {
  const hour = w.getUTCHours();
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const verbs: Record<string, () => string> = {
    YYYY: () => pad(w.getUTCFullYear(), 4),
    YY: () => pad(w.getUTCFullYear() % 100),
    MMMM: () => MONTHS[w.getUTCMonth()]!,
    MMM: () => MONTHS[w.getUTCMonth()]!.slice(0, 3),
    MM: () => pad(w.getUTCMonth() + 1),
    M: () => String(w.getUTCMonth() + 1),
    DD: () => pad(w.getUTCDate()),
    D: () => String(w.getUTCDate()),
    EEEE: () => DAYS[w.getUTCDay()]!,
    EEE: () => DAYS[w.getUTCDay()]!.slice(0, 3),
    hh: () => pad(hour),
    h: () => String(hour),
    HH: () => pad(h12),
    H: () => String(h12),
    AA: () => (hour < 12 ? 'AM' : 'PM'),
    aa: () => (hour < 12 ? 'am' : 'pm'),
    mm: () => pad(w.getUTCMinutes()),
    m: () => String(w.getUTCMinutes()),
    ss: () => pad(w.getUTCSeconds()),
    s: () => String(w.getUTCSeconds()),
    ZZZZZ: () => formatOffset(t.offset, false),
    ZZZZ: () => formatOffset(t.offset, false, false),
    ZZZ: () => (t.offset === 0 ? 'UTC' : formatOffset(t.offset, false, false)),
    Z: () => formatOffset(t.offset, true),
  };
  return verbs[token]?.();
}

/** Renders `format` for `t`; `extra` adds verbs (formattimestamp's X). */
function formatInstant(format: string, t: Instant, extra: Record<string, string> = {}): string {
  const w = wallClock(t);
  return tokenize(format)
    .map((token) => {
      if (token.startsWith("'")) return literal(token);
      if (!/^[A-Za-z]/.test(token)) return token;
      const out = extra[token] ?? formatVerb(token, t, w);
      if (out === undefined) throw new FunctionArgError(0, `invalid date format verb ${jsonString(token)}`);
      return out;
    })
    .join('');
}

function timestampArg(text: string, index: number): Instant {
  try {
    return parseRfc3339(text);
  } catch (err) {
    throw new FunctionArgError(index, (err as Error).message);
  }
}

function timeadd(text: string, duration: string): string {
  const t = timestampArg(text, 0);
  let ns: bigint;
  try {
    ns = parseDuration(duration);
  } catch (err) {
    throw new FunctionArgError(1, (err as Error).message);
  }
  return formatRfc3339({ epochNs: t.epochNs + ns, offset: t.offset });
}

function fromUnix(seconds: number, index: number): Instant {
  if (!Number.isFinite(seconds)) throw new FunctionArgError(index, 'a finite number is required');
  return { epochNs: BigInt(Math.trunc(seconds)) * 1_000_000_000n, offset: 0 };
}

/** formattimestamp(format, ts): ts is RFC 3339 text or Unix seconds; `X` prints Unix seconds. */
function formattimestamp(format: string, ts: Value): string {
  const t = typeof ts === 'number' ? fromUnix(ts, 1) : timestampArg(String(ts), 1);
  return formatInstant(format, t, { X: String(t.epochNs / 1_000_000_000n) });
}

/** ISO 8601 week-numbering year and week of a UTC date. */
function isoWeek(w: Date): [number, number] {
  const thursday = new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate() + 3 - ((w.getUTCDay() + 6) % 7)));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7);
  return [year, week];
}

function unixtimestampparse(seconds: number): ValueObject {
  const t = fromUnix(seconds, 0);
  const w = wallClock(t);
  const [isoYear, isoWeekNo] = isoWeek(w);
  const yearDay = 1 + Math.floor((w.getTime() - Date.UTC(w.getUTCFullYear(), 0, 1)) / 86_400_000);
  return makeObject([
    ['day', w.getUTCDate()],
    ['hour', w.getUTCHours()],
    ['iso_week', isoWeekNo],
    ['iso_year', isoYear],
    ['minute', w.getUTCMinutes()],
    ['month', w.getUTCMonth() + 1],
    ['month_name', MONTHS[w.getUTCMonth()]!],
    ['rfc3339', formatRfc3339(t)],
    ['second', w.getUTCSeconds()],
    ['weekday', w.getUTCDay()],
    ['weekday_name', DAYS[w.getUTCDay()]!],
    ['year', w.getUTCFullYear()],
    ['year_day', yearDay],
  ]);
}

export const datetimeFunctions: Record<string, HclFunction> = {
  formatdate: fn([p('format', STRING), p('time', STRING)], (a) =>
    formatInstant(a[0] as string, timestampArg(a[1] as string, 1)),
  ),
  timeadd: fn([p('timestamp', STRING), p('duration', STRING)], (a) => timeadd(a[0] as string, a[1] as string)),
  timestamp: fn([], () => formatRfc3339({ epochNs: BigInt(Date.now()) * 1_000_000n, offset: 0 })),
  formattimestamp: fn([p('format', STRING), p('timestamp')], (a) => formattimestamp(a[0] as string, a[1]!)),
  unixtimestampparse: fn([p('unix_timestamp', NUMBER)], (a) => unixtimestampparse(a[0] as number)),
};
