// Encoding functions (go-cty-funcs encoding and cty's csvdecode) with Go's strictness: base64
// needs padding, the decoded bytes must be UTF-8, and urlencode is Go's url.QueryEscape.
import { makeObject, type Value } from '../value.js';
import { fn, p, STRING } from './define.js';
import { FunctionCallError, type HclFunction } from './types.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function base64decode(s: string): string {
  const text = s.replace(/[\r\n]/g, '');
  if (!BASE64.test(text)) throw new FunctionCallError(`failed to decode base64 data '${s}'`);
  try {
    return utf8.decode(Buffer.from(text, 'base64'));
  } catch {
    throw new FunctionCallError('the result of decoding the provided string is not valid UTF-8');
  }
}

/** Go's url.QueryEscape: unreserved bytes stay, space becomes +, the rest %XX. */
function urlencode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

class CsvError extends Error {
  constructor(line: number, what: string) {
    super(`CSV parse error on line ${line}: ${what}`);
  }
}

/** RFC 4180 records as Go's encoding/csv reads them (blank lines skipped, "" escapes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const startLine = i + 1;
    const fields: string[] = [];
    let rest = lines[i]!;
    for (;;) {
      if (rest.startsWith('"')) {
        let value = '';
        let body = rest.slice(1);
        for (;;) {
          const q = body.indexOf('"');
          if (q < 0) {
            if (i + 1 >= lines.length) throw new CsvError(startLine, 'extraneous or missing " in quoted-field');
            value += body + '\n';
            body = lines[++i]!;
            continue;
          }
          value += body.slice(0, q);
          if (body[q + 1] === '"') {
            value += '"';
            body = body.slice(q + 2);
            continue;
          }
          rest = body.slice(q + 1);
          break;
        }
        fields.push(value);
        if (rest === '') break;
        if (!rest.startsWith(',')) throw new CsvError(i + 1, 'extraneous or missing " in quoted-field');
        rest = rest.slice(1);
        continue;
      }
      const comma = rest.indexOf(',');
      const field = comma < 0 ? rest : rest.slice(0, comma);
      if (field.includes('"')) throw new CsvError(i + 1, 'bare " in non-quoted-field');
      fields.push(field);
      if (comma < 0) break;
      rest = rest.slice(comma + 1);
    }
    records.push(fields);
  }
  return records;
}

function csvdecode(text: string): Value[] {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw new FunctionCallError(err.message);
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) throw new FunctionCallError('missing header line');
  return rows.map((row, r) => {
    if (row.length !== header.length) throw new FunctionCallError(`CSV parse error on line ${r + 2}: wrong number of fields`);
    return makeObject(header.map((name, c) => [name, row[c]!]));
  });
}

const str = (impl: (s: string) => Value): HclFunction => fn([p('str', STRING)], (a) => impl(a[0] as string));

export const encodingFunctions: Record<string, HclFunction> = {
  base64encode: str((s) => Buffer.from(s, 'utf8').toString('base64')),
  base64decode: str(base64decode),
  urlencode: str(urlencode),
  csvdecode: str(csvdecode),
};
