// ADD https://...: downloads one file into a new layer. BuildKit gives the file mode 0600 and the
// server's Last-Modified time, names it after the URL path unless the op names it, and verifies
// `--checksum` when given.
import { createHash } from 'node:crypto';
import { chmod, utimes, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../../errors.js';
import { canonicalJson, sha256 } from '../graph/digest.js';
import type { Vertex } from '../graph/op.js';
import type { Digest } from '../oci/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { CacheKeyError } from '../solver/step-error.js';
import type { OpContext, OpRunner } from './types.js';

// A refused or reset connection is retried for a few seconds: a server started just before the
// build (a local mirror, a test fixture) may not be listening yet.
const RETRY_DELAYS_MS = [250, 500, 1000, 1500, 2000];
const RETRIED_CODES = new Set(['ECONNREFUSED', 'ECONNRESET']);

function isRetriable(err: unknown): boolean {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' && RETRIED_CODES.has(cause.code);
}

export async function fetchWithRetry(url: string, signal: AbortSignal, delays: readonly number[] = RETRY_DELAYS_MS): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, { signal });
    } catch (err) {
      const delay = delays[attempt];
      if (delay === undefined || signal.aborted || !isRetriable(err)) throw err;
      await sleep(delay, undefined, { signal });
    }
  }
}

/** The Last-Modified time, when the server sends one that parses; else the file keeps its write time. */
function lastModified(header: string | undefined): Date | undefined {
  if (!header) return undefined;
  const t = new Date(header);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/** BuildKit's http source refuses what is not 2xx or 3xx (redirects are followed before this). */
export function checkStatus(response: Response): void {
  if (response.status < 200 || response.status >= 400) throw new UserError(`invalid response status ${response.status}`);
}

interface Download {
  body: Uint8Array;
  lastModified?: string;
}

async function download(url: string, signal: AbortSignal): Promise<Download> {
  const response = await fetchWithRetry(url, signal).catch((err: unknown) => {
    throw new UserError(`failed to fetch ${url}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  checkStatus(response);
  return { body: new Uint8Array(await response.arrayBuffer()), lastModified: response.headers.get('last-modified') ?? undefined };
}

type HttpSource = Extract<Extract<Vertex['op'], { kind: 'source' }>['source'], { type: 'http' }>;

/**
 * Each URL is downloaded once per build, when its cache key is asked: as in BuildKit, the key is
 * the content (and Last-Modified) the server serves now, so a changed file is fetched again while
 * an unchanged one reuses its cached layer; the step then writes the bytes the key was made from.
 */
export class HttpSourceRunner implements OpRunner {
  private readonly downloads = new Map<string, Promise<Download>>();

  private fetch(url: string, signal: AbortSignal): Promise<Download> {
    let d = this.downloads.get(url);
    if (!d) this.downloads.set(url, (d = download(url, signal)));
    return d;
  }

  /** The served content's key; none with `--checksum`, which pins the content already. */
  async contentKey(source: HttpSource, signal: AbortSignal): Promise<Digest | undefined> {
    if (source.checksum) return undefined;
    const { body, lastModified } = await this.fetch(source.url, signal).catch((err: unknown) => {
      throw err instanceof UserError ? new CacheKeyError(err.message, err) : err;
    });
    return sha256(canonicalJson({ content: createHash('sha256').update(body).digest('hex'), lastModified }));
  }

  async run(vertex: Vertex, _inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
    if (vertex.op.kind !== 'source' || vertex.op.source.type !== 'http') throw new Error('not an http source');
    const { url, checksum, filename } = vertex.op.source;
    const { body, lastModified: modified } = await this.fetch(url, ctx.signal);
    if (checksum) {
      const got = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      if (got !== checksum) throw new UserError(`digest mismatch for ${url}: expected ${checksum}, got ${got}`);
    }
    const name = filename ?? (basename(new URL(url).pathname) || 'index.html');
    const layer = await ctx.layers.create(ctx.newLayerId);
    try {
      const file = join(layer.dir, name);
      await writeFile(file, body);
      await chmod(file, 0o600);
      const mtime = lastModified(modified);
      if (mtime) await utimes(file, mtime, mtime);
      await layer.commit();
    } catch (err) {
      await layer.discard();
      throw err;
    }
    return [{ layers: [layer.id] }];
  }
}
