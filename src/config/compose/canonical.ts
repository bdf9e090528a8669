// compose-go turns every loaded file into its canonical form (short syntaxes expanded) whatever
// the caller validates, so values of a shape it cannot expand fail there, over the whole file:
// `ports: 80` fails buildx although bake never reads ports. These are the shapes it refuses,
// with its messages (Go type names included).
import { SourceError } from '../../errors.js';
import { goQuote } from '../../strconv.js';
import { pathMatches, type ModelPath } from './model-path.js';
import { valueKind, type ValueKind, type YMap, type YNode } from './yaml-tree.js';

const GO_TYPE: Record<ValueKind, string> = { map: 'map[string]interface {}', seq: '[]interface {}', null: '<nil>', bool: 'bool', int: 'int', float: 'float64', string: 'string' };

/** Go's `%T` of a value decoded from YAML. */
const goType = (node: YNode): string => GO_TYPE[valueKind(node)];

/** Go's `%s` of a decoded YAML value (non-strings print as `%!s(type=value)`). */
function goString(node: YNode): string {
  if (node.kind === 'map') {
    const keys = [...node.entries.keys()].sort();
    return `map[${keys.map((k) => `${k}:${goString(node.entries.get(k)!.value)}`).join(' ')}]`;
  }
  if (node.kind === 'seq') return `[${node.items.map(goString).join(' ')}]`;
  if (typeof node.value === 'string') return node.value;
  return node.value === null ? '%!s(<nil>)' : `%!s(${goType(node)}=${String(node.value)})`;
}

const isInt = (n: YNode): boolean => valueKind(n) === 'int';
const isString = (n: YNode): boolean => n.kind === 'scalar' && typeof n.value === 'string';

/** A shape check: the message for a value it refuses (`p` is the dotted path), else undefined. */
type Check = (node: YNode, p: string) => string | undefined;

const oneOf =
  (ok: (n: YNode) => boolean, what: string): Check =>
  (node, p) =>
    ok(node) ? undefined : `${p}: invalid type ${goType(node)}${what}`;

const fileMount: Check = (node, p) => (node.kind === 'map' || isString(node) ? undefined : `${p}: unsupported type ${goType(node)}`);

const ports: Check = (node, p) => {
  if (node.kind !== 'seq') return `${p}: invalid type ${goType(node)} for port`;
  const bad = node.items.find((i) => !(i.kind === 'map' || isString(i) || isInt(i)));
  return bad && `${p}: invalid type ${goType(bad)} for port`;
};

const keyValues: Check = (node, p) => {
  if (node.kind === 'map') return undefined;
  if (node.kind !== 'seq') return `${p}: invalid type ${goType(node)}`;
  const bad = node.items.find((i) => i.kind === 'scalar' && typeof i.value === 'string' && !i.value.includes('='));
  return bad && `${p}: invalid value ${goString(bad)}, expected key=value`;
};

const ssh: Check = (node, p) => {
  if (node.kind === 'map') return undefined;
  if (node.kind !== 'seq') return `${p}: invalid type ${goType(node)} for ssh`;
  for (const item of node.items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') return `invalid ssh key type ${goType(item)}`;
    if (!item.value.includes('=') && item.value !== 'default') return `invalid ssh key ${goQuote(item.value)}`;
  }
  return undefined;
};

const dependsOn: Check = (node, p) => {
  if (node.kind === 'seq') return undefined;
  if (node.kind !== 'map') return `${p}: invalid type ${goType(node)} for depend_on`;
  const bad = [...node.entries].find(([, e]) => e.value.kind !== 'map');
  return bad && `${p}.${bad[0]}: unsupported value ${goString(node)}`;
};

/**
 * compose-go's transformers that refuse shapes, by path. A matched path is not descended into
 * (compose-go's transformer takes over there), except `services.*.build`, whose keys it walks.
 */
const CHECKS: readonly (readonly [string, Check])[] = [
  ['services.*.build', oneOf((n) => n.kind === 'map' || isString(n), ' for build')],
  ['services.*.build.secrets.*', fileMount],
  ['services.*.secrets.*', fileMount],
  ['services.*.configs.*', fileMount],
  ['services.*.build.additional_contexts', keyValues],
  ['services.*.build.ssh', ssh],
  ['services.*.build.ulimits.*', oneOf((n) => n.kind === 'map' || isInt(n), ' for ulimits')],
  ['services.*.ulimits.*', oneOf((n) => n.kind === 'map' || isInt(n), ' for ulimits')],
  ['services.*.depends_on', dependsOn],
  ['services.*.env_file', oneOf((n) => n.kind === 'seq' || isString(n), ' for env_file')],
  ['services.*.volumes.*', oneOf((n) => n.kind === 'map' || isString(n), ' for service volume mount')],
  ['services.*.ports', ports],
];

function walk(node: YNode, path: ModelPath): void {
  const check = CHECKS.find(([pattern]) => pathMatches(path, pattern));
  if (check) {
    const message = check[1](node, path.join('.'));
    if (message) throw new SourceError({ summary: 'Invalid compose file', detail: message, range: node.range });
    if (!pathMatches(path, 'services.*.build')) return;
  }
  if (node.kind === 'map') for (const [k, e] of node.entries) walk(e.value, [...path, k]);
  else if (node.kind === 'seq') for (const item of node.items) walk(item, [...path, '[]']);
}

/** Throws compose-go's error for the first value of the model it cannot put in canonical form. */
export function checkCanonical(model: YMap): void {
  walk(model, []);
}
