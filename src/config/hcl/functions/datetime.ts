// Date and time functions: cty's formatdate/timeadd (Terraform's format mini-language:
// YYYY, MMM, DD, EEE, hh, mm, ss, ZZZZZ, 'quoted literals') plus buildx's timestamp,
// formattimestamp, unixtimestampparse and rfc3339parse.
import { isNum, toFloat64, type Num } from '../number.js';
import { makeObject, type Value, type ValueObject } from '../value.js';
import { fn, NUMBER, p, STRING } from './define.js';
import { jsonString } from './json.js';
import { formatOffset, formatRfc3339, parseDuration, parseRfc3339, utcMs, wallClock, type Instant } from './time-parse.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

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

type Verb = (w: Date, t: Instant) => string;
const hour12 = (w: Date): number => w.getUTCHours() % 12 || 12;

/** Each verb letter's spellings by length, and what cty says when the length is wrong. */
const VERBS: Record<string, { forms: Record<number, Verb>; expect: string }> = {
  Y: { forms: { 2: (w) => pad(w.getUTCFullYear() % 100), 4: (w) => pad(w.getUTCFullYear(), 4) }, expect: 'year must either be "YY" or "YYYY"' },
  M: {
    forms: {
      1: (w) => String(w.getUTCMonth() + 1),
      2: (w) => pad(w.getUTCMonth() + 1),
      3: (w) => MONTHS[w.getUTCMonth()]!.slice(0, 3),
      4: (w) => MONTHS[w.getUTCMonth()]!,
    },
    expect: 'month must be "M", "MM", "MMM", or "MMMM"',
  },
  D: { forms: { 1: (w) => String(w.getUTCDate()), 2: (w) => pad(w.getUTCDate()) }, expect: 'day of month must either be "D" or "DD"' },
  E: { forms: { 3: (w) => DAYS[w.getUTCDay()]!.slice(0, 3), 4: (w) => DAYS[w.getUTCDay()]! }, expect: 'day of week must either be "EEE" or "EEEE"' },
  h: { forms: { 1: (w) => String(w.getUTCHours()), 2: (w) => pad(w.getUTCHours()) }, expect: '24-hour must either be "h" or "hh"' },
  H: { forms: { 1: (w) => String(hour12(w)), 2: (w) => pad(hour12(w)) }, expect: '12-hour must either be "H" or "HH"' },
  A: { forms: { 2: (w) => (w.getUTCHours() < 12 ? 'AM' : 'PM') }, expect: 'must be "AA"' },
  a: { forms: { 2: (w) => (w.getUTCHours() < 12 ? 'am' : 'pm') }, expect: 'must be "aa"' },
  m: { forms: { 1: (w) => String(w.getUTCMinutes()), 2: (w) => pad(w.getUTCMinutes()) }, expect: 'minute must either be "m" or "mm"' },
  s: { forms: { 1: (w) => String(w.getUTCSeconds()), 2: (w) => pad(w.getUTCSeconds()) }, expect: 'second must either be "s" or "ss"' },
  Z: {
    forms: {
      1: (_w, t) => formatOffset(t.offset, true),
      3: (_w, t) => (t.offset === 0 ? 'UTC' : formatOffset(t.offset, false, false)),
      4: (_w, t) => formatOffset(t.offset, false, false),
      5: (_w, t) => formatOffset(t.offset, false),
    },
    expect: 'timezone must be Z, ZZZZ, or ZZZZZ',
  },
};

function formatVerb(token: string, t: Instant, w: Date): string {
  const verb = VERBS[token[0]!];
  const form = verb?.forms[token.length];
  if (form) return form(w, t);
  const why = verb ? `: ${verb.expect}` : '';
  throw new FunctionArgError(0, `invalid date format verb ${jsonString(token)}${why}`);
}

/** Renders `format` for `t`; `extra` adds verbs (formattimestamp's X). */
function formatInstant(format: string, t: Instant, extra: Record<string, string> = {}): string {
  const w = wallClock(t);
  return tokenize(format)
    .map((token) => {
      if (token.startsWith("'")) return literal(token);
      if (!/^[A-Za-z]/.test(token)) return token;
      return extra[token] ?? formatVerb(token, t, w);
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

/** cty reports timeadd's parse failures as failed calls, not as bad arguments. */
function timeadd(text: string, duration: string): string {
  try {
    const t = parseRfc3339(text);
    return formatRfc3339({ epochNs: t.epochNs + parseDuration(duration), offset: t.offset });
  } catch (err) {
    throw new FunctionCallError((err as Error).message);
  }
}

function fromUnix(seconds: number, index: number): Instant {
  if (!Number.isFinite(seconds)) throw new FunctionArgError(index, 'a finite number is required');
  return { epochNs: BigInt(Math.trunc(seconds)) * 1_000_000_000n, offset: 0 };
}

/** formattimestamp(format, ts): ts is RFC 3339 text or Unix seconds; `X` prints Unix seconds. */
function formattimestamp(format: string, ts: Value): string {
  const t = isNum(ts) ? fromUnix(toFloat64(ts), 1) : timestampArg(String(ts), 1);
  return formatInstant(format, t, { X: String(t.epochNs / 1_000_000_000n) });
}

/** ISO 8601 week-numbering year and week of a UTC date. */
function isoWeek(w: Date): [number, number] {
  const thursday = new Date(utcMs(w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate() + 3 - ((w.getUTCDay() + 6) % 7)));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - utcMs(year, 1, 1)) / 86_400_000 / 7);
  return [year, week];
}

/** The calendar fields of `t` at its own UTC offset, plus `extra`, in cty's key order. */
function calendarObject(t: Instant, extra: [string, Value][]): ValueObject {
  const w = wallClock(t);
  const [isoYear, isoWeekNo] = isoWeek(w);
  const yearDay = 1 + Math.floor((w.getTime() - utcMs(w.getUTCFullYear(), 1, 1)) / 86_400_000);
  const fields: [string, Value][] = [
    ['day', w.getUTCDate()],
    ['hour', w.getUTCHours()],
    ['iso_week', isoWeekNo],
    ['iso_year', isoYear],
    ['minute', w.getUTCMinutes()],
    ['month', w.getUTCMonth() + 1],
    ['month_name', MONTHS[w.getUTCMonth()]!],
    ['second', w.getUTCSeconds()],
    ['weekday', w.getUTCDay()],
    ['weekday_name', DAYS[w.getUTCDay()]!],
    ['year', w.getUTCFullYear()],
    ['year_day', yearDay],
  ];
  return makeObject([...fields, ...extra].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function unixtimestampparse(seconds: number): ValueObject {
  const t = fromUnix(seconds, 0);
  return calendarObject(t, [['rfc3339', formatRfc3339(t)]]);
}

/** rfc3339parse (buildx): the timestamp's fields at its own offset, and its Unix seconds. */
function rfc3339parse(text: string): ValueObject {
  let t: Instant;
  try {
    t = parseRfc3339(text);
  } catch (err) {
    throw new FunctionCallError((err as Error).message);
  }
  const unix = t.epochNs / 1_000_000_000n - (t.epochNs % 1_000_000_000n < 0n ? 1n : 0n);
  return calendarObject(t, [['unix', Number(unix)]]);
}

export const datetimeFunctions: Record<string, HclFunction> = {
  formatdate: fn([p('format', STRING), p('time', STRING)], (a) =>
    formatInstant(a[0] as string, timestampArg(a[1] as string, 1)),
  ),
  timeadd: fn([p('timestamp', STRING), p('duration', STRING)], (a) => timeadd(a[0] as string, a[1] as string)),
  timestamp: fn([], () => formatRfc3339({ epochNs: BigInt(Date.now()) * 1_000_000n, offset: 0 })),
  formattimestamp: fn([p('format', STRING), p('timestamp')], (a) => formattimestamp(a[0] as string, a[1]!)),
  unixtimestampparse: fn([p('unix_timestamp', NUMBER)], (a) => unixtimestampparse(toFloat64(a[0] as Num))),
  rfc3339parse: fn([p('timestamp', STRING)], (a) => rfc3339parse(a[0] as string)),
};
