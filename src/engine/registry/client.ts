// The distribution API operations bake needs: manifests by tag or digest, blobs streamed into the
// content store (verified there: nothing unverified is kept), and pushes (existence check,
// cross-repository mount, monolithic or chunked upload, manifests). One client per registry per
// process, so tokens are shared and blob transfers share one bounded queue.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import PQueue from 'p-queue';
import { UserError } from '../../errors.js';
import type { ContentStore } from '../content/store.js';
import { MediaType } from '../oci/types.js';
import type { Descriptor } from '../oci/types.js';
import { repoScope } from './auth.js';
import { blobSources } from './blob-sources.js';
import { Transport } from './transport.js';
import type { RegistryRequest, TransportOptions } from './transport.js';

export const MANIFEST_TYPES = [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest];

export interface FetchedManifest {
  descriptor: Descriptor;
  bytes: Buffer;
}

export interface ClientOptions extends TransportOptions {
  /** Blobs above this size go up in PATCH chunks of this size. */
  chunkSize?: number;
  concurrency?: number;
}

const PULL = ['pull'] as const;
const MAX_MANIFEST = 4 * 1024 * 1024;
const PUSH = ['pull', 'push'] as const;

export class RegistryClient {
  readonly transport: Transport;
  private readonly queue: PQueue;
  private readonly chunkSize: number;

  constructor(
    readonly registry: string,
    opts: ClientOptions = {},
  ) {
    this.transport = new Transport(registry, opts);
    this.queue = new PQueue({ concurrency: opts.concurrency ?? 4 });
    this.chunkSize = opts.chunkSize ?? Number(opts.env?.['BAKE_REGISTRY_CHUNK_SIZE'] ?? 64 * 1024 * 1024);
  }

  private async ok(req: RegistryRequest, accept: number[]): Promise<Response> {
    const res = await this.transport.send(req);
    if (accept.includes(res.status)) return res;
    const detail = await res.text().catch(() => '');
    const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(detail)?.[1];
    const where = `${req.what}: registry ${this.registry}`;
    if (res.status === 404) throw new UserError(`${where}: not found`);
    if (res.status === 401 || res.status === 403) throw new UserError(`${where}: unauthorized (${res.status}${code ? ` ${code}` : ''})`);
    throw new UserError(`${where}: ${req.method} failed: ${res.status} ${res.statusText}${code ? ` ${code}` : ''}`);
  }

  /** A manifest or index by tag or digest; by digest, its bytes must hash to it. */
  async manifest(repository: string, reference: string, what: string): Promise<FetchedManifest> {
    const res = await this.ok(
      { method: 'GET', path: `${repository}/manifests/${reference}`, scopes: [repoScope(repository, PULL)], headers: { Accept: MANIFEST_TYPES.join(', ') }, what },
      [200],
    );
    // Manifests are small; a registry announcing more is refused before its body is read.
    if (Number(res.headers.get('content-length') ?? 0) > MAX_MANIFEST) {
      await res.body?.cancel();
      throw new UserError(`${what}: registry ${this.registry}: manifest larger than ${MAX_MANIFEST} bytes`);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_MANIFEST) throw new UserError(`${what}: registry ${this.registry}: manifest larger than ${MAX_MANIFEST} bytes`);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new UserError(`${what}: registry ${this.registry}: digest mismatch: expected ${reference}, got ${digest}`);
    }
    const doc = JSON.parse(bytes.toString('utf8')) as { mediaType?: string; manifests?: unknown };
    const mediaType = doc.mediaType ?? res.headers.get('content-type')?.split(';')[0] ?? (doc.manifests ? MediaType.ociIndex : MediaType.ociManifest);
    return { descriptor: { mediaType, digest, size: bytes.length }, bytes };
  }

  /** Streams a blob into the store unless it is there; a digest or size mismatch keeps nothing. */
  fetchBlob(repository: string, blob: Descriptor, store: ContentStore, what: string): Promise<void> {
    if (store.has(blob.digest)) return Promise.resolve();
    return this.queue.add(async () => {
      if (store.has(blob.digest)) return;
      const req: RegistryRequest = { method: 'GET', path: `${repository}/blobs/${blob.digest}`, scopes: [repoScope(repository, PULL)], what: `${what} blob ${blob.digest}` };
      const res = await this.ok(req, [200]);
      if (!res.body) throw new UserError(`${req.what}: registry ${this.registry}: empty response`);
      try {
        await store.write(res.body as unknown as AsyncIterable<Uint8Array>, { digest: blob.digest, size: blob.size });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new UserError(`${req.what}: registry ${this.registry}: ${message}`, { cause: err });
      }
      await blobSources(store.root).record(this.registry, repository, blob.digest);
    });
  }

  /** A small blob (an image config) read whole; its bytes must hash to its digest. */
  async smallBlob(repository: string, blob: Descriptor, what: string): Promise<Buffer> {
    const label = `${what} blob ${blob.digest}`;
    const res = await this.ok({ method: 'GET', path: `${repository}/blobs/${blob.digest}`, scopes: [repoScope(repository, PULL)], what: label }, [200]);
    if (blob.size > MAX_MANIFEST) {
      await res.body?.cancel();
      throw new UserError(`${label}: registry ${this.registry}: larger than ${MAX_MANIFEST} bytes`);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (digest !== blob.digest) throw new UserError(`${label}: registry ${this.registry}: digest mismatch: got ${digest}`);
    return bytes;
  }

  async hasBlob(repository: string, digest: string, what: string): Promise<boolean> {
    const res = await this.ok({ method: 'HEAD', path: `${repository}/blobs/${digest}`, scopes: [repoScope(repository, PUSH)], what }, [200, 404]);
    return res.status === 200;
  }

  /**
   * Uploads a stored blob unless the repository has it. It is first offered as a mount from
   * `mountFrom`, or else from a repository the blob-source index says holds it; a mount the
   * registry refuses falls back to an upload.
   */
  pushBlob(repository: string, blob: Descriptor, store: ContentStore, what: string, mountFrom?: string): Promise<void> {
    return this.queue.add(async () => {
      const label = `${what} blob ${blob.digest}`;
      const sources = blobSources(store.root);
      if (!(await this.hasBlob(repository, blob.digest, label))) {
        const from = mountFrom ?? (await sources.candidates(this.registry, blob.digest, repository))[0];
        let scopes = [repoScope(repository, PUSH), ...(from ? [repoScope(from, PULL)] : [])];
        const query = from ? `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(from)}` : '';
        // A registry refusing the mount outright (rather than with the usual 202) gets a plain upload.
        let started = await this.startUpload(repository, scopes, query, label).catch((err: unknown) => (from ? undefined : Promise.reject(err)));
        if (!started) {
          scopes = [repoScope(repository, PUSH)];
          started = await this.startUpload(repository, scopes, '', label);
        }
        if (started.status === 202) await this.upload(location(started, label, this.registry), blob, store, scopes, label);
      }
      await sources.record(this.registry, repository, blob.digest);
    });
  }

  private async startUpload(repository: string, scopes: string[], query: string, what: string): Promise<Response> {
    const res = await this.ok({ method: 'POST', path: `${repository}/blobs/uploads/${query}`, scopes, what }, [201, 202]);
    await res.body?.cancel();
    return res;
  }

  private async upload(start: string, blob: Descriptor, store: ContentStore, scopes: string[], what: string): Promise<void> {
    const file = await open(store.path(blob.digest), 'r');
    try {
      let loc = start;
      if (blob.size > this.chunkSize) {
        for (let offset = 0; offset < blob.size; offset += this.chunkSize) {
          const chunk = Buffer.alloc(Math.min(this.chunkSize, blob.size - offset));
          await file.read(chunk, 0, chunk.length, offset);
          const headers = { 'Content-Type': 'application/octet-stream', 'Content-Range': `${offset}-${offset + chunk.length - 1}` };
          const res = await this.ok({ method: 'PATCH', path: loc, scopes, headers, body: chunk, what }, [202]);
          await res.body?.cancel();
          loc = location(res, what, this.registry);
        }
      }
      const url = this.transport.url(loc);
      url.searchParams.set('digest', blob.digest);
      const body = blob.size > this.chunkSize ? undefined : await file.readFile();
      const headers = { 'Content-Type': 'application/octet-stream', ...(body === undefined && { 'Content-Length': '0' }) };
      const done = await this.ok({ method: 'PUT', path: url.href, scopes, headers, ...(body && { body }), what }, [201]);
      await done.body?.cancel();
    } finally {
      await file.close();
    }
  }

  /** Puts a manifest or index under a tag or its digest. */
  async putManifest(repository: string, reference: string, mediaType: string, bytes: Uint8Array, what: string): Promise<void> {
    const res = await this.ok(
      { method: 'PUT', path: `${repository}/manifests/${reference}`, scopes: [repoScope(repository, PUSH)], headers: { 'Content-Type': mediaType }, body: bytes, what },
      [200, 201],
    );
    await res.body?.cancel();
  }
}

function location(res: Response, what: string, registry: string): string {
  const loc = res.headers.get('location');
  if (!loc) throw new UserError(`${what}: registry ${registry}: upload response has no Location`);
  return loc;
}

const clients = new Map<string, RegistryClient>();

/** The process-wide client of a registry (shared tokens and transfer queue). */
export function registryClient(registry: string): RegistryClient {
  let client = clients.get(registry);
  if (!client) clients.set(registry, (client = new RegistryClient(registry)));
  return client;
}
