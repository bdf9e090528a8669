// One HTTP exchange with a registry on global fetch: the Authorization header for the request's
// scopes (answering one 401 challenge), redirects followed by hand so a hop to another host
// (blob storage) never carries the registry's credentials, and retries with backoff on 429, 5xx
// and connection errors. Bodies are never decoded on our behalf (Accept-Encoding: identity), so
// digests are checked against the bytes as the registry sent them.
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../../errors.js';
import { Authenticator } from './auth.js';
import { apiHost, isInsecure } from './reference.js';

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH';
  /** A path under `/v2/` or an absolute URL (an upload location). */
  path: string;
  scopes: string[];
  headers?: Record<string, string>;
  /** Buffers only: a retried request must be able to send its body again. */
  body?: Uint8Array;
  /** Named in errors: the image or blob the request is for. */
  what: string;
}

export interface TransportOptions {
  env?: NodeJS.ProcessEnv;
  retries?: number;
  retryDelayMs?: number;
}

const MAX_REDIRECTS = 5;

export class Transport {
  readonly base: string;
  readonly auth: Authenticator;
  private readonly retries: number;
  private readonly delay: number;

  constructor(
    readonly registry: string,
    opts: TransportOptions = {},
  ) {
    const env = opts.env ?? process.env;
    this.base = `${isInsecure(registry, env) ? 'http' : 'https'}://${apiHost(registry)}/v2/`;
    this.auth = new Authenticator(registry, env);
    this.retries = opts.retries ?? Number(env['BAKE_REGISTRY_RETRIES'] ?? 3);
    this.delay = opts.retryDelayMs ?? 200;
  }

  url(path: string): URL {
    return new URL(path, this.base);
  }

  /** Sends a request; a 401 is answered once, then returned to the caller like any status. */
  async send(req: RegistryRequest): Promise<Response> {
    let res = await this.withRetries(req);
    if (res.status === 401 && (await this.answer(res, req))) {
      await res.body?.cancel();
      res = await this.withRetries(req);
    }
    return res;
  }

  private async answer(res: Response, req: RegistryRequest): Promise<boolean> {
    try {
      return await this.auth.answer(res.headers.get('www-authenticate'), req.scopes);
    } catch (err) {
      const message = err instanceof Error && !(err instanceof TypeError) ? err.message : `token server unreachable: ${String(err)}`;
      throw new UserError(`${req.what}: registry ${this.registry}: ${message}`, { cause: err });
    }
  }

  private async withRetries(req: RegistryRequest): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response | undefined;
      let failure: unknown;
      try {
        res = await this.follow(req);
      } catch (err) {
        failure = err;
      }
      const retryable = res === undefined || res.status === 429 || res.status >= 500;
      if (!retryable) return res!;
      if (attempt >= this.retries) {
        if (res) return res;
        const cause = failure instanceof Error && failure.cause instanceof Error ? failure.cause.message : String(failure);
        throw new UserError(`${req.what}: registry ${this.registry} is unreachable: ${cause}`, { cause: failure });
      }
      await res?.body?.cancel();
      const after = Number(res?.headers.get('retry-after'));
      await sleep(after > 0 ? Math.min(after, 10) * 1000 : this.delay * 2 ** attempt);
    }
  }

  private async follow(req: RegistryRequest): Promise<Response> {
    let url = this.url(req.path);
    const origin = new URL(this.base).host;
    let method = req.method;
    let body = req.body;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers: Record<string, string> = { 'Accept-Encoding': 'identity', ...req.headers };
      // Credentials go to the registry's own host only, never to a redirect target.
      if (url.host === origin) {
        const auth = await this.auth.header(req.scopes);
        if (auth) headers['Authorization'] = auth;
      }
      const res = await fetch(url, { method, headers, body: body as RequestInit['body'], redirect: 'manual' });
      const location = res.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
      await res.body?.cancel();
      url = new URL(location, url);
      if (res.status === 303) {
        method = 'GET';
        body = undefined;
      }
    }
    throw new UserError(`${req.what}: registry ${this.registry}: too many redirects`);
  }
}
