// Turns an evaluated target block (plain HCL values) into typed target fields, with gohcl-style
// "Unsuitable value type" errors at the attribute. Numbers and bools become strings where a
// string is wanted (cty's conversion rules and messages); a null attribute is the same as an absent one.
import { SourceError, type Range } from '../errors.js';
import type { RawTarget } from '../config/types.js';
import { ConversionError, convertValue } from '../config/hcl/convert.js';
import type { HclType } from '../config/hcl/types.js';
import { isList, isObject, type Value } from '../config/hcl/value.js';
import { FIELD_BY_KEY, RESOURCE_INT_KEYS, RESOURCE_KEYS, fieldRecord, isInt64, type FieldSpec } from './fields.js';
import { entryFromObject, parseEntries, type EntryField } from './entries.js';
import type { Entry, StringMap, Target, TargetFields } from './types.js';

type FieldValue = NonNullable<TargetFields[keyof TargetFields]>;

class Unsuitable extends Error {}

const STRING: HclType = { kind: 'string' };

/** cty's conversion, so messages match buildx's ("a bool is required", "list of string required"). */
function to(v: Value, type: HclType): Value {
  try {
    return convertValue(v, type);
  } catch (err) {
    if (err instanceof ConversionError) throw new Unsuitable(err.message);
    throw err;
  }
}

function str(v: Value): string {
  return to(v, STRING) as string;
}

function bool(v: Value): boolean {
  return to(v, { kind: 'bool' }) as boolean;
}

/** gocty decoding into a Go string (not a pointer): a null element is an error. */
const NULL_NOT_ALLOWED = 'null value is not allowed';

function list(v: Value): string[] {
  const out = to(v, { kind: 'list', element: STRING }) as (string | null)[];
  if (out.includes(null)) throw new Unsuitable(NULL_NOT_ALLOWED);
  return out as string[];
}

/** A map of strings; `nullable` for buildx's `map[string]*string` fields (args, labels, extra-hosts). */
function map(v: Value, nullable = true): StringMap {
  const out = { ...(to(v, { kind: 'map', element: STRING }) as Record<string, string | null>) };
  if (!nullable && Object.values(out).includes(null)) throw new Unsuitable(NULL_NOT_ALLOWED);
  return out;
}

function entryObject(v: Value): Entry {
  if (!isObject(v)) throw new Unsuitable('string or object required');
  const out: Entry = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    if (isList(x)) out[k] = x.filter((y) => y !== null).map((y) => str(y));
    else out[k] = str(x);
  }
  return out;
}

/** cty's mismatch message for each list type buildx decodes: secrets and ssh keys are objects. */
function listMismatch(field: EntryField): string {
  return field === 'secret' || field === 'ssh' ? 'list of object required' : 'list of map of string required';
}

function entries(field: EntryField, v: Value): Entry[] {
  if (!isList(v)) throw new Unsuitable(listMismatch(field));
  // buildx skips empty strings; a null element makes its decoder fail (it panics reading it).
  if (v.includes(null)) throw new Unsuitable(NULL_NOT_ALLOWED);
  return v.filter((x) => x !== '').flatMap((x) => (typeof x === 'string' ? parseEntries(field, x) : [entryFromObject(field, entryObject(x))]));
}

function resources(v: Value): StringMap {
  const out = map(v);
  for (const k of Object.keys(out)) {
    if (!(RESOURCE_KEYS as readonly string[]).includes(k)) throw new Unsuitable(`unsupported resource "${k}"`);
    if (RESOURCE_INT_KEYS.has(k) && out[k] !== null && !isInt64(out[k]!)) throw new Unsuitable(`${k}: a whole number is required`);
  }
  return out;
}

function convertField(spec: FieldSpec, v: Value): FieldValue {
  switch (spec.kind) {
    case 'string':
      return str(v);
    case 'bool':
      return bool(v);
    case 'list':
      return list(v);
    case 'map':
      // contexts is a Go map[string]string: no nulls.
      return map(v, spec.key !== 'contexts');
    case 'entries':
      return entries(spec.key as EntryField, v);
    case 'object':
      return resources(v);
  }
}

function unsuitable(name: string, range: Range | undefined, err: unknown): SourceError {
  const detail = err instanceof Error ? err.message : String(err);
  const isType = err instanceof Unsuitable;
  return new SourceError(
    { summary: isType ? 'Unsuitable value type' : 'Invalid attribute value', detail: isType ? `Unsuitable value: ${detail}` : `${name}: ${detail}`, range },
    { cause: err },
  );
}

/** One evaluated target block as typed fields plus its parents. */
export function convertTarget(raw: RawTarget): Target {
  const target: Target = { name: raw.name };
  const fields = fieldRecord(target);
  for (const name in raw.attrs) {
    const value = raw.attrs[name]!;
    if (value === null) continue;
    try {
      if (name === 'inherits') target.inherits = list(value);
      else {
        const spec = FIELD_BY_KEY.get(name);
        if (spec) fields[spec.key] = convertField(spec, value);
      }
    } catch (err) {
      throw unsuitable(name, raw.ranges[name] ?? raw.range, err);
    }
  }
  return target;
}
