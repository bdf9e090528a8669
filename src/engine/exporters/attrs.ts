// Reading `--output type=...,k=v` attributes, with errors that quote the output as written.
import { UserError } from '../../errors.js';
import type { ExporterSpec } from '../request.js';

export function formatSpec(spec: ExporterSpec): string {
  return ['type=' + spec.type, ...Object.entries(spec.attrs).map(([k, v]) => `${k}=${v}`)].join(',');
}

export function specError(spec: ExporterSpec, message: string): UserError {
  return new UserError(`invalid --output ${formatSpec(spec)}: ${message}`);
}

/** Go's strconv.ParseBool spellings, as buildx accepts them. */
export function boolAttr(spec: ExporterSpec, key: string, fallback: boolean): boolean {
  const v = spec.attrs[key];
  if (v === undefined || v === '') return fallback;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  throw specError(spec, `${key}: invalid boolean "${v}"`);
}

export function requireDest(spec: ExporterSpec): string {
  const dest = spec.attrs['dest'];
  if (!dest) throw specError(spec, `dest is required for the ${spec.type} exporter`);
  return dest;
}

/** The image names an output gives: its `name=` attribute (comma-separated) or the target's tags. */
export function imageNames(spec: ExporterSpec, tags: string[]): string[] {
  const name = spec.attrs['name'];
  if (name === undefined) return tags;
  return name.split(',').map((n) => n.trim()).filter((n) => n !== '');
}
