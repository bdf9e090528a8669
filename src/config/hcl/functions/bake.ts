// Functions buildx adds to cty's stdlib: Go's path.Base/path.Dir, sanitize (target-name safe),
// indexof, homedir and semvercmp.
import { homedir } from 'node:os';
import { valuesEqual, type Value } from '../value.js';
import { fn, p, STRING } from './define.js';
import { parseVersion, satisfies } from './semver.js';
import { FunctionArgError, FunctionCallError, type HclFunction } from './types.js';

/** Go's path.Clean: lexical, "" and everything-removed become ".". */
function clean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const stack: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && stack.length > 0 && stack[stack.length - 1] !== '..') stack.pop();
    else if (seg !== '..' || !rooted) stack.push(seg);
  }
  const out = (rooted ? '/' : '') + stack.join('/');
  return out === '' ? '.' : out;
}

function basename(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirname(path: string): string {
  return clean(path.slice(0, path.lastIndexOf('/') + 1));
}

function indexof(list: Value, value: Value): number {
  if (!Array.isArray(list)) throw new FunctionCallError('argument must be a list or tuple');
  if (list.length === 0) throw new FunctionCallError('cannot search an empty list');
  const at = list.findIndex((v) => valuesEqual(v, value));
  if (at < 0) throw new FunctionCallError('item not found');
  return at;
}

function semvercmp(version: string, constraint: string): boolean {
  const v = parseVersion(version);
  if (!v) throw new FunctionArgError(0, `invalid version ${version}: Invalid Semantic Version`);
  const ok = satisfies(v, constraint);
  if (ok === undefined) throw new FunctionArgError(1, `invalid constraint ${constraint}: improper constraint: ${constraint}`);
  return ok;
}

export const bakeFunctions: Record<string, HclFunction> = {
  basename: fn([p('path', STRING)], (a) => basename(a[0] as string)),
  dirname: fn([p('path', STRING)], (a) => dirname(a[0] as string)),
  sanitize: fn([p('name', STRING)], (a) => [...(a[0] as string)].map((c) => (/[A-Za-z0-9_-]/.test(c) ? c : '_')).join('')),
  indexof: fn([p('list'), p('value')], (a) => indexof(a[0]!, a[1]!)),
  homedir: fn([], () => homedir()),
  semvercmp: fn([p('version', STRING), p('constraint', STRING)], (a) => semvercmp(a[0] as string, a[1] as string)),
};
