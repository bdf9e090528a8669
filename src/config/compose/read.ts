// Typed reads of compose values, each failing with the YAML path and position of the value.
import { SourceError, type Range } from '../../errors.js';
import type { YMap, YNode } from './yaml-tree.js';

export function composeError(path: string, message: string, range: Range): SourceError {
  return new SourceError({ summary: 'Invalid compose file', detail: `${path} ${message}`, range });
}

export function asMap(node: YNode, path: string): YMap {
  if (node.kind !== 'map') throw composeError(path, 'must be a mapping', node.range);
  return node;
}

/** A scalar as a string (numbers and bools as YAML wrote them); null is absent. */
export function asString(node: YNode, path: string): string | undefined {
  if (node.kind !== 'scalar') throw composeError(path, 'must be a string', node.range);
  return node.value === null ? undefined : String(node.value);
}

export function asBool(node: YNode, path: string): boolean {
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  if (node.kind === 'scalar' && (node.value === 'true' || node.value === 'false')) return node.value === 'true';
  throw composeError(path, 'must be a boolean', node.range);
}

/** A value the compose schema types as a string: numbers and booleans are refused; null is absent. */
export function asText(node: YNode, path: string): string | undefined {
  if (node.kind !== 'scalar' || (node.value !== null && typeof node.value !== 'string')) throw composeError(path, 'must be a string', node.range);
  return node.value ?? undefined;
}

/** A list the compose schema types as strings. */
export function asTextList(node: YNode, path: string): string[] {
  if (node.kind !== 'seq') throw composeError(path, 'must be a list', node.range);
  return node.items.map((item, i) => asText(item, `${path}[${i}]`) ?? '');
}

/** A sequence of scalars. */
export function asList(node: YNode, path: string): string[] {
  if (node.kind !== 'seq') throw composeError(path, 'must be a list', node.range);
  return node.items.map((item, i) => asString(item, `${path}[${i}]`) ?? '');
}

/**
 * A mapping, or a list of `key=value` (`key` alone gives null). `seps` are the characters that
 * may split a list item, tried in order (extra_hosts also accepts `host:ip`).
 */
export function asKeyValues(node: YNode, path: string, seps = '='): Map<string, string | null> {
  return new Map(asKeyValuePairs(node, path, seps));
}

/** asKeyValues' pairs in order, repeated keys included. */
export function asKeyValuePairs(node: YNode, path: string, seps = '='): [string, string | null][] {
  if (node.kind === 'map') return [...node.entries].map(([k, e]) => [k, asString(e.value, `${path}.${k}`) ?? null]);
  return asList(node, path).map((item) => {
    const sep = [...seps].map((s) => item.indexOf(s)).find((i) => i > 0);
    return sep === undefined ? [item, null] : [item.slice(0, sep), item.slice(sep + 1)];
  });
}

export function get(map: YMap, key: string): YNode | undefined {
  return map.entries.get(key)?.value;
}
