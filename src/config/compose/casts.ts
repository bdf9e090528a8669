// compose-go's interpolation casts: once a string value is interpolated, the values the compose
// model types as numbers or booleans are converted at known paths (`replicas: "3"` is 3,
// `privileged: "true"` is true), and a string that does not convert is an error. It runs over
// the whole file, so a bad `deploy.replicas` fails a bake file as it fails buildx, even though
// bake never reads it.
import { SourceError } from '../../errors.js';
import { goQuote } from '../../strconv.js';
import { parseGoFloat } from '../evaluate/overrides.js';
import { pathMatches, type ModelPath } from './model-path.js';
import type { YMap, YNode } from './yaml-tree.js';

type Cast = (text: string) => number | boolean;

class CastError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(text, 10, 64); `fn` names the Go function in messages. */
function goInt(fn: string): Cast {
  return (text) => {
    if (!/^[+-]?\d+$/.test(text)) throw new CastError(`strconv.${fn}: parsing ${goQuote(text)}: invalid syntax`);
    const n = BigInt(text);
    if (n < INT64_MIN || n > INT64_MAX) throw new CastError(`strconv.${fn}: parsing ${goQuote(text)}: value out of range`);
    return Number(n);
  };
}

const toInt = goInt('Atoi');
const toInt64 = goInt('ParseInt');

function toFloat(text: string): number {
  const n = parseGoFloat(text);
  if (n === undefined) throw new CastError(`strconv.ParseFloat: parsing ${goQuote(text)}: invalid syntax`);
  return n;
}

/** compose-go's toBoolean: YAML 1.1 spellings, any case. */
function toBoolean(text: string): boolean {
  const lower = text.toLowerCase();
  if (['true', 'y', 'yes', 'on'].includes(lower)) return true;
  if (['false', 'n', 'no', 'off'].includes(lower)) return false;
  throw new CastError(`invalid boolean: ${text}`);
}

/** Paths (`*` any key, `[]` any list item) whose string values are cast. */
const CASTS: readonly (readonly [string, Cast])[] = [
  ['services.*.configs.[].mode', toInt],
  ['services.*.cpu_count', toInt64],
  ['services.*.cpu_percent', toFloat],
  ['services.*.cpu_period', toInt64],
  ['services.*.cpu_quota', toInt64],
  ['services.*.cpu_rt_period', toInt64],
  ['services.*.cpu_rt_runtime', toInt64],
  ['services.*.cpus', toFloat],
  ['services.*.cpu_shares', toInt64],
  ['services.*.init', toBoolean],
  ['services.*.deploy.replicas', toInt],
  ['services.*.deploy.update_config.parallelism', toInt],
  ['services.*.deploy.update_config.max_failure_ratio', toFloat],
  ['services.*.deploy.rollback_config.parallelism', toInt],
  ['services.*.deploy.rollback_config.max_failure_ratio', toFloat],
  ['services.*.deploy.restart_policy.max_attempts', toInt],
  ['services.*.deploy.placement.max_replicas_per_node', toInt],
  ['services.*.healthcheck.retries', toInt],
  ['services.*.healthcheck.disable', toBoolean],
  ['services.*.oom_kill_disable', toBoolean],
  ['services.*.oom_score_adj', toInt64],
  ['services.*.pids_limit', toInt64],
  ['services.*.ports.[].target', toInt],
  ['services.*.privileged', toBoolean],
  ['services.*.read_only', toBoolean],
  ['services.*.scale', toInt],
  ['services.*.secrets.[].mode', toInt],
  ['services.*.stdin_open', toBoolean],
  ['services.*.tty', toBoolean],
  ['services.*.ulimits.*', toInt],
  ['services.*.ulimits.*.hard', toInt],
  ['services.*.ulimits.*.soft', toInt],
  ['services.*.volumes.[].read_only', toBoolean],
  ['services.*.volumes.[].volume.nocopy', toBoolean],
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
];

function castNode(node: YNode, path: ModelPath): YNode {
  if (node.kind === 'map') {
    const entries: YMap['entries'] = new Map();
    for (const [k, e] of node.entries) entries.set(k, { key: e.key, value: castNode(e.value, [...path, k]) });
    return { ...node, entries };
  }
  if (node.kind === 'seq') return { ...node, items: node.items.map((item) => castNode(item, [...path, '[]'])) };
  if (typeof node.value !== 'string') return node;
  const cast = CASTS.find(([pattern]) => pathMatches(path, pattern))?.[1];
  if (!cast) return node;
  try {
    return { ...node, value: cast(node.value) };
  } catch (err) {
    if (!(err instanceof CastError)) throw err;
    const detail = `error while interpolating ${path.join('.')}: failed to cast to expected type: ${err.message}`;
    throw new SourceError({ summary: 'Invalid interpolation', detail, range: node.range });
  }
}

/** The document with compose-go's casts applied to its (interpolated) string values. */
export function castTypes(doc: YMap): YMap {
  return castNode(doc, []) as YMap;
}
