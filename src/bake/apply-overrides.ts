// Applies one target's parsed `--set` overrides (buildx's AddOverrides), driven by the field table.
import { UserError } from '../errors.js';
import { parseGoBool } from '../strconv.js';
import { FIELD_BY_SET_KEY, RESOURCE_INT_KEYS, RESOURCE_KEYS, fieldRecord, isInt64, type FieldSpec } from './fields.js';
import { parseEntries, parseEntry, type EntryField } from './entries.js';
import type { Override } from './overrides.js';
import { setLoad, setPush } from './push-load.js';
import type { Entry, StringMap, Target } from './types.js';

function boolValue(key: string, value: string): boolean {
  const b = parseGoBool(value);
  if (b === undefined) throw new UserError(`invalid value ${value} for boolean key ${key}`);
  return b;
}

/** The prefix buildx's AddOverrides puts on a parse error (secrets and ssh reuse the outputs wording). */
const WRAP: Partial<Record<EntryField, string>> = { output: 'outputs', secret: 'outputs', ssh: 'outputs', attest: 'attest' };

function listValues(spec: FieldSpec, values: string[]): unknown[] {
  if (spec.kind !== 'entries') return values;
  const field = spec.key as EntryField;
  try {
    // Empty values are skipped (`--set t.output=` clears the outputs).
    return values.filter((v) => v !== '').flatMap((v) => parseEntries(field, v));
  } catch (err) {
    const what = WRAP[field];
    if (what === undefined || !(err instanceof UserError)) throw err;
    throw new UserError(`invalid value for ${what}: ${err.message}`, { cause: err });
  }
}

/** `secret.ID=csv` re-sources a secret the target already declares. */
function resourceSecret(t: Target, id: string, value: string): void {
  const i = (t.secret ?? []).findIndex((s) => s['id'] === id);
  if (i < 0) throw new UserError(`secret "${id}" must be declared before it can be overridden`);
  const source = parseEntry('secret', value);
  if (source['id'] !== undefined && source['id'] !== id) throw new UserError(`secret override id "${String(source['id'])}" does not match declared secret "${id}"`);
  const parsed: Entry = { ...source, id };
  t.secret = t.secret!.map((s, j) => (j === i ? parsed : s));
}

/** buildx's ResourcesConfig.SetField checks. */
function checkResource(name: string, value: string): void {
  if (!(RESOURCE_KEYS as readonly string[]).includes(name)) throw new UserError(`unknown resources key ${name}`);
  if (RESOURCE_INT_KEYS.has(name) && !isInt64(value)) throw new UserError(`invalid value ${value} for int64 key resources.${name}`);
}

function applyField(t: Target, spec: FieldSpec, key: string, sub: string | undefined, o: Override): void {
  const fields = fieldRecord(t);
  const value = o.value ?? '';
  switch (spec.override) {
    case 'value':
      fields[spec.key] = value;
      return;
    case 'bool':
      fields[spec.key] = boolValue(key, value);
      return;
    case 'list':
    case 'append': {
      const values = listValues(spec, o.values);
      const keep = spec.override === 'append' || o.append;
      fields[spec.key] = keep ? [...((fields[spec.key] as unknown[] | undefined) ?? []), ...values] : values;
      return;
    }
    case 'map':
      if (sub === undefined) throw new UserError(`invalid format for ${spec.key}, expecting ${spec.key}.<name>=<value>`);
      if (spec.kind === 'object') checkResource(sub, value);
      fields[spec.key] = { ...(fields[spec.key] as StringMap | undefined), [sub]: value };
      return;
    case undefined:
      throw new UserError(`unknown key: ${spec.key}`);
  }
}

/** Applies overrides in the order given; push/load last, since they read the final outputs. */
export function applyOverrides(t: Target, overrides: ReadonlyMap<string, Override> | undefined): void {
  if (!overrides) return;
  const deferred: [string, Override][] = [];
  for (const [key, o] of overrides) {
    const dot = key.indexOf('.');
    const field = dot < 0 ? key : key.slice(0, dot);
    const sub = dot < 0 ? undefined : key.slice(dot + 1);
    if (field === 'push' || field === 'load') deferred.push([field, o]);
    else if (field === 'secret' && sub !== undefined) resourceSecret(t, sub, o.value ?? '');
    else {
      const spec = FIELD_BY_SET_KEY.get(field);
      // As in buildx, a sub-key of a non-map key (`tags.x`) addresses the key itself.
      if (!spec) throw new UserError(`unknown key: ${field}`);
      applyField(t, spec, key, sub, o);
    }
  }
  for (const [field, o] of deferred) {
    const on = boolValue(field, o.value ?? '');
    t.output = field === 'push' ? setPush(t.output ?? [], on) : setLoad(t.output ?? [], on);
  }
}
