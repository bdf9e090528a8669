// The image config a Dockerfile stage builds up, and its history entries written exactly as
// BuildKit writes them (`created_by` strings, `# buildkit` suffix on layer steps, empty_layer).
import type { ImageConfig, Platform } from '../../../oci/types.js';
import { goQuote } from '../../../../strconv.js';

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const HISTORY_COMMENT = 'buildkit.dockerfile.v0';

/** The config of `FROM scratch`: BuildKit's emptyImage for the platform. */
export function emptyImage(platform: Platform): ImageConfig {
  const image: ImageConfig = {
    architecture: platform.architecture,
    os: platform.os,
    config: { Env: [DEFAULT_PATH], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [] },
    history: [],
  };
  if (platform.variant) image.variant = platform.variant;
  return image;
}

// The fields BuildKit reads from a base image's config (dockerspec.DockerOCIImage): anything else
// a base carries (Docker's container_config, docker_version, top-level comment, config.Hostname,
// config.Image...) is dropped when it decodes the config, and never reaches the image it builds.
const BASE_IMAGE_KEYS = ['author', 'variant', 'os.version', 'os.features'] as const;
const BASE_CONFIG_KEYS = [
  'User',
  'ExposedPorts',
  'Env',
  'Entrypoint',
  'Cmd',
  'Volumes',
  'WorkingDir',
  'Labels',
  'StopSignal',
  'ArgsEscaped',
  'Healthcheck',
  'OnBuild',
  'Shell',
] as const;
const BASE_HEALTH_KEYS = ['Test', 'Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const;
const BASE_HISTORY_KEYS = ['created', 'created_by', 'author', 'comment', 'empty_layer'] as const;

/** Go's encoding/json `omitempty`: null, '', false, 0 and empty lists or maps are not written. */
function goEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** The non-empty values of `keys`, as Go decodes into a struct and encodes back with omitempty. */
function goFields<T extends object, K extends keyof T>(src: T, keys: readonly K[]): Pick<T, K> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (!goEmpty(src[k])) out[k] = src[k];
  return out as Pick<T, K>;
}

/** A deep copy of a base image's config to build on, as BuildKit decodes it; `created` cleared, PATH ensured. */
export function baseImage(config: ImageConfig): ImageConfig {
  const src = structuredClone(config);
  const cfg = goFields(src.config ?? {}, BASE_CONFIG_KEYS);
  if (cfg.Healthcheck) cfg.Healthcheck = goFields(cfg.Healthcheck, BASE_HEALTH_KEYS);
  const image: ImageConfig = {
    ...goFields(src, BASE_IMAGE_KEYS),
    architecture: src.architecture,
    os: src.os,
    config: cfg,
    rootfs: src.rootfs,
    history: (src.history ?? []).map((h) => goFields(h, BASE_HISTORY_KEYS)),
  };
  const env = image.config.Env ?? [];
  if (!env.some((e) => e.startsWith('PATH='))) image.config.Env = [...env, DEFAULT_PATH];
  return image;
}

/** Sets `key` in an ordered `K=V` list, replacing an existing entry in place. */
export function setEnv(env: string[], key: string, value: string): string[] {
  const entry = `${key}=${value}`;
  const i = env.findIndex((e) => e.split('=', 1)[0] === key);
  if (i < 0) return [...env, entry];
  const next = [...env];
  next[i] = entry;
  return next;
}

/** SOURCE_DATE_EPOCH as the RFC 3339 time image configs carry. */
export function epochTime(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
}

/** Appends one history entry; `withLayer` marks steps that produce a layer. */
export function commitToHistory(image: ImageConfig, createdBy: string, withLayer: boolean, epoch?: number): void {
  const entry: NonNullable<ImageConfig['history']>[number] = { created_by: createdBy, comment: HISTORY_COMMENT };
  if (epoch !== undefined) entry.created = epochTime(epoch);
  if (!withLayer) entry.empty_layer = true;
  (image.history ??= []).push(entry);
}

/** Go's `%v` of a []string: `[a b]`. */
export function goList(list: string[]): string {
  return `[${list.join(' ')}]`;
}

/** Go's time.Duration String() for nanoseconds: `1m30s`, `500ms`, `0s`. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const units: [number, string][] = [
    [1e6, 'ms'],
    [1e3, 'µs'],
    [1, 'ns'],
  ];
  if (ns < 1e9) {
    for (const [size, unit] of units) if (ns >= size) return `${trimFloat(ns / size)}${unit}`;
  }
  const h = Math.floor(ns / 3.6e12);
  const m = Math.floor((ns % 3.6e12) / 6e10);
  const s = (ns % 6e10) / 1e9;
  let out = `${trimFloat(s)}s`;
  if (h > 0 || m > 0) out = `${m}m${out}`;
  if (h > 0) out = `${h}h${out}`;
  return out;
}

function trimFloat(n: number): string {
  return String(Number(n.toFixed(9)));
}

/** Go's `%q` of a small int (a rune, strconv.QuoteRune): `'\x03'`, `'\n'`, `'a'`. */
export function goRune(n: number): string {
  // A rune literal escapes ' where a string literal escapes ".
  if (n === 0x27) return "'\\''";
  if (n === 0x22) return `'"'`;
  return `'${goQuote(String.fromCodePoint(n)).slice(1, -1)}'`;
}
