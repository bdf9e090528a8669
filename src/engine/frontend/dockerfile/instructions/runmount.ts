// `RUN --mount=...` (BuildKit instructions/commands_runmount.go). At parse time only the CSV
// shape and a literal `from` are checked: every other value may hold `$VAR`, so mounts are
// parsed once the stage env is known (RunCommand.Expand in BuildKit, `runMounts` here).
import { UserError } from '../../../../errors.js';
import type { CacheSharing, MountSpec, MountType, RunCommand, SingleWordExpander } from './commands.js';
import { goQuote } from '../../../../strconv.js';
import { csvFields, parseUint32, ramInBytes } from './go-syntax.js';
import { parseGoBool } from '../../../../strconv.js';
import { suggestion } from './suggest.js';

const MOUNT_TYPES = new Set<string>(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
const SHARING = new Set<string>(['shared', 'private', 'locked']);
// The keys BuildKit suggests from for an unknown one.
const MOUNT_KEYS = ['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env'];

function csv(value: string): string[] {
  try {
    return csvFields(value);
  } catch (err) {
    throw new UserError(`failed to parse csv mounts: ${(err as Error).message}`, { cause: err });
  }
}

/** Parse-time check (no env yet): CSV shape, and `from` must be literal. */
export function checkMountFlag(value: string): void {
  for (const field of csv(value)) {
    const eq = field.indexOf('=');
    if (eq < 0) continue;
    const v = field.slice(eq + 1);
    const dollar = v.indexOf('$');
    if (field.slice(0, eq).toLowerCase() === 'from' && dollar >= 0 && dollar !== v.length - 1) {
      throw new UserError("'from' doesn't support variable expansion, define alias stage instead");
    }
  }
}

function boolValue(key: string, value: string): boolean {
  const b = parseGoBool(value);
  if (b === undefined) throw new UserError(`invalid value for ${key}: ${value}`);
  return b;
}

function uintValue(key: string, value: string, base: 8 | 10): number {
  const n = parseUint32(value, base);
  if (n === undefined) throw new UserError(`invalid value ${value} for ${key}`);
  return n;
}

/** Mount state while reading fields; `roAuto` until ro/rw is given explicitly. */
interface Draft {
  m: MountSpec;
  roAuto: boolean;
}

function unexpected(key: string, type: string): UserError {
  return new UserError(`unexpected key '${key}' for mount type '${type}'`);
}

/** A field without `=`: only the boolean shorthands are allowed. */
function applyBareKey(d: Draft, key: string, field: string): void {
  if (key === 'readonly' || key === 'ro' || key === 'readwrite' || key === 'rw') {
    d.m.readOnly = key === 'readonly' || key === 'ro';
    d.roAuto = false;
  } else if (key === 'required') {
    if (d.m.type !== 'secret' && d.m.type !== 'ssh') throw unexpected(key, d.m.type);
    d.m.required = true;
  } else throw new UserError(`invalid field '${field}' must be a key=value pair`);
}

function applyKey(d: Draft, key: string, value: string, field: string): void {
  const m = d.m;
  switch (key) {
    case 'type':
      if (!MOUNT_TYPES.has(value.toLowerCase())) {
        throw new UserError(`unsupported mount type ${goQuote(value)}${suggestion(value, [...MOUNT_TYPES], true)}`);
      }
      m.type = value.toLowerCase() as MountType;
      return;
    case 'from':
      m.from = value;
      return;
    case 'source':
    case 'src':
      m.source = value;
      return;
    case 'target':
    case 'dst':
    case 'destination':
      m.target = value;
      return;
    case 'readonly':
    case 'ro':
    case 'readwrite':
    case 'rw': {
      const b = boolValue(key, value);
      m.readOnly = key === 'readonly' || key === 'ro' ? b : !b;
      d.roAuto = false;
      return;
    }
    default:
      applyTypedKey(m, key, value, field);
  }
}

function applyTypedKey(m: MountSpec, key: string, value: string, field: string): void {
  switch (key) {
    case 'required':
      if (m.type !== 'secret' && m.type !== 'ssh') throw unexpected(key, m.type);
      m.required = boolValue(key, value);
      return;
    case 'size': {
      if (m.type !== 'tmpfs') throw unexpected(key, m.type);
      const size = ramInBytes(value);
      if (size === undefined) throw new UserError(`invalid value for ${key}: ${value}`);
      m.sizeLimit = size;
      return;
    }
    case 'id':
      m.cacheId = value;
      return;
    case 'sharing':
      if (!SHARING.has(value.toLowerCase())) {
        throw new UserError(`unsupported sharing value ${goQuote(value)}${suggestion(value, [...SHARING], true)}`);
      }
      m.cacheSharing = value.toLowerCase() as CacheSharing;
      return;
    case 'mode':
      m.mode = uintValue(key, value, 8);
      return;
    case 'uid':
    case 'gid':
      m[key] = uintValue(key, value, 10);
      return;
    case 'env':
      // Any type takes it at parse time; only a secret mount uses it.
      m.env = value;
      return;
    default:
      throw new UserError(`unexpected key '${key}' in '${field}'${suggestion(key, MOUNT_KEYS, true)}`);
  }
}

function validate(m: MountSpec): void {
  const fileInfoAllowed = m.type === 'secret' || m.type === 'ssh' || m.type === 'cache';
  for (const k of ['mode', 'uid', 'gid'] as const) {
    if (m[k] !== undefined && !fileInfoAllowed) throw new UserError(`${k} not allowed for ${goQuote(m.type)} type mounts`);
  }
  if (m.type === 'secret') {
    if (m.from !== undefined && m.from !== '') throw new UserError('secret mount should not have a from');
    if (m.cacheSharing !== undefined) throw new UserError('secret mount should not define sharing');
    if (!m.source && !m.target && !m.cacheId) throw new UserError('invalid secret mount. one of source, target required');
    if (m.source && m.cacheId) throw new UserError("both source and id can't be set");
  }
  if (m.cacheSharing !== undefined && m.type !== 'cache') throw new UserError(`invalid cache sharing set for ${m.type} mount`);
}

/** Parses one `--mount` value, expanding each value first (BuildKit parseMount). */
export function parseMount(value: string, expand: SingleWordExpander): MountSpec {
  const d: Draft = { m: { type: 'bind', readOnly: false, required: false }, roAuto: true };
  for (const field of csv(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) applyBareKey(d, key, field);
    else applyKey(d, key, expand(field.slice(eq + 1)), field);
  }
  if (d.roAuto) d.m.readOnly = d.m.type !== 'cache' && d.m.type !== 'tmpfs';
  validate(d.m);
  return d.m;
}

/** The mounts of a RUN, expanded with the stage env (call at dispatch time). */
export function runMounts(cmd: RunCommand, expand: SingleWordExpander): MountSpec[] {
  return cmd.mountFlags.map((v) => parseMount(v, expand));
}
