// csvdecode: RFC 4180 as Go's encoding/csv reads it (blank lines skipped, "" escapes a quote,
// quoted fields may span lines, every row as wide as the header), rows as objects.
import { makeObject, type Value } from '../value.js';
import { compareStrings, fn, p, STRING } from './define.js';
import { jsonString } from './json.js';
import type { HclType } from '../types.js';
import { listOf } from './result-types.js';
import { FunctionCallError, type HclFunction } from './types.js';

interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

function parseError(line: number, what: string): FunctionCallError {
  return new FunctionCallError(`CSV parse error on line ${line}: ${what}`);
}

/** Reads one quoted field starting at lines[at.line][at.col]; advances `at` past it. */
function quotedField(lines: string[], at: { line: number; col: number }): string {
  let value = '';
  let text = lines[at.line]!.slice(at.col + 1);
  for (;;) {
    const q = text.indexOf('"');
    if (q < 0) {
      if (at.line + 1 >= lines.length) throw parseError(at.line + 1, 'extraneous or missing " in quoted-field');
      value += text + '\n';
      text = lines[++at.line]!;
      continue;
    }
    value += text.slice(0, q);
    if (text[q + 1] === '"') {
      value += '"';
      text = text.slice(q + 2);
      continue;
    }
    at.col = lines[at.line]!.length - text.length + q + 1;
    return value;
  }
}

/** Records one at a time, as Go's csv.Reader reads them: a row's error surfaces only when it is reached. */
function* readRecords(input: string): Generator<CsvRecord> {
  const lines = input.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const at = { line: i, col: 0 };
    const fields: string[] = [];
    for (;;) {
      const row = lines[at.line]!;
      if (row[at.col] === '"') {
        fields.push(quotedField(lines, at));
        const next = lines[at.line]![at.col];
        if (next !== undefined && next !== ',') throw parseError(at.line + 1, 'extraneous or missing " in quoted-field');
      } else {
        const comma = row.indexOf(',', at.col);
        const field = comma < 0 ? row.slice(at.col) : row.slice(at.col, comma);
        if (field.includes('"')) throw parseError(at.line + 1, 'bare " in non-quoted-field');
        fields.push(field);
        at.col = comma < 0 ? row.length : comma;
      }
      if (lines[at.line]![at.col] !== ',') break;
      at.col++;
    }
    yield { fields, line: i + 1 };
    i = at.line;
  }
}

/** The header is read and checked first; each row is then read and checked for width in turn. */
function csvdecode(input: string): Value[] {
  const records = readRecords(input);
  const first = records.next();
  if (first.done) throw new FunctionCallError('missing header line');
  const names = first.value.fields;
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new FunctionCallError(`duplicate column name ${jsonString(duplicate)}`);
  const order = names.map((n, i): [string, number] => [n, i]).sort(([a], [b]) => compareStrings(a, b));
  const rows = Array.from(records, (row) => {
    if (row.fields.length !== names.length) throw parseError(row.line, 'wrong number of fields');
    return makeObject(order.map(([name, i]) => [name, row.fields[i]!]));
  });
  // A list of objects with a string attribute per column, whether or not there are rows.
  const attributes = Object.fromEntries(names.map((n): [string, HclType] => [n, STRING]));
  return listOf(rows, { kind: 'object', attributes });
}

export const csvFunctions: Record<string, HclFunction> = {
  csvdecode: fn([p('str', STRING)], (a) => csvdecode(a[0] as string)),
};
