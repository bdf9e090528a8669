// Registry credentials and the Authorization header for a request. Credentials come from the
// Docker CLI's config (`auths`, `credHelpers`, `credsStore`); Bearer tokens come from the realm a
// 401 challenge names, asked for the exact scopes needed and cached per scope set. An identity
// token (`identitytoken`, or a helper's `<token>` user) is an OAuth2 refresh token: it is POSTed
// to the realm (grant_type=refresh_token) instead of a Basic-authenticated GET.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { DOCKER_HUB } from './reference.js';

export interface Credentials {
  username: string;
  password: string;
  /** An OAuth2 refresh token, sent to the token realm instead of the password. */
  identityToken?: string;
}

/** The user name credential helpers give for a secret that is an identity token. */
const TOKEN_USER = '<token>';
const CLIENT_ID = 'bake';

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="...",service="...",scope="..."` (quoted or token values). */
export function parseChallenge(header: string): Challenge {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const re = /([A-Za-z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of (space < 0 ? '' : header.slice(space + 1)).matchAll(re)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return { scheme, params };
}

function configDir(env: NodeJS.ProcessEnv): string {
  return env['DOCKER_CONFIG'] ?? join(homedir(), '.docker');
}

/** The keys Docker files a registry's credentials under (Docker Hub's legacy URL first). */
function configKeys(registry: string): string[] {
  if (registry === DOCKER_HUB) return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
  return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

function helperGet(helper: string, server: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { env }, (err, stdout) => {
      // Helpers exit non-zero with "credentials not found" for an unknown server: anonymous.
      if (err) return /not found/i.test(`${stdout}${err.message}`) ? resolve(undefined) : reject(
        new UserError(`docker-credential-${helper} get failed for ${server}: ${err.message.split('\n')[0]}`, { cause: err }),
      );
      const out = JSON.parse(stdout) as { Username?: string; Secret?: string };
      if (!out.Secret) return resolve(undefined);
      resolve(out.Username === TOKEN_USER ? { username: '', password: '', identityToken: out.Secret } : { username: out.Username ?? '', password: out.Secret });
    });
    // A helper may answer without reading stdin and exit first: its answer decides, not the EPIPE.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(server);
  });
}

/** Credentials for a registry from the Docker CLI config, or undefined for anonymous access. */
export async function loadCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<Credentials | undefined> {
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(join(configDir(env), 'config.json'), 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const keys = configKeys(registry);
  const helper = keys.map((k) => config.credHelpers?.[k]).find((h) => h !== undefined);
  if (helper) return helperGet(helper, keys[0]!, env);
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    const decoded = entry.auth ? Buffer.from(entry.auth, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const basic = colon >= 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
    if (entry.identitytoken) return { username: basic?.username ?? entry.username ?? '', password: '', identityToken: entry.identitytoken };
    if (basic) return basic;
    if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
  }
  return config.credsStore ? helperGet(config.credsStore, keys[0]!, env) : undefined;
}

export function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

/** Answers challenges for one registry: Basic from credentials, Bearer tokens cached per scope. */
export class Authenticator {
  private readonly tokens = new Map<string, Promise<string>>();
  private credentials: Promise<Credentials | undefined> | undefined;
  private basic = false;

  constructor(
    readonly registry: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private creds(): Promise<Credentials | undefined> {
    this.credentials ??= loadCredentials(this.registry, this.env);
    return this.credentials;
  }

  /** The header to send before any challenge: a cached token for these scopes, or Basic. */
  async header(scopes: string[]): Promise<string | undefined> {
    const token = this.tokens.get(scopes.join(' '));
    if (token) return token.catch(() => undefined);
    if (!this.basic) return undefined;
    const c = await this.creds();
    return c ? basicHeader(c) : undefined;
  }

  /** Handles a 401: fetches a token for `scopes` (or switches to Basic); false if nothing helps. */
  async answer(challengeHeader: string | null, scopes: string[]): Promise<boolean> {
    if (!challengeHeader) return false;
    const challenge = parseChallenge(challengeHeader);
    if (challenge.scheme === 'basic') {
      const c = await this.creds();
      if (!c || c.identityToken) return false;
      // Concurrent requests sent before the first challenge was answered retry with Basic too;
      // a request that carried it and still got 401 is not answered twice (Transport.send).
      this.basic = true;
      return true;
    }
    if (challenge.scheme !== 'bearer' || !challenge.params['realm']) return false;
    const key = scopes.join(' ');
    const pending = this.fetchToken(challenge.params, scopes);
    this.tokens.set(key, pending);
    try {
      await pending;
      return true;
    } catch (err) {
      this.tokens.delete(key);
      throw err;
    }
  }

  private async fetchToken(params: Record<string, string>, scopes: string[]): Promise<string> {
    const url = new URL(params['realm']!);
    const c = await this.creds();
    const res = c?.identityToken ? await refreshTokenRequest(url, params, scopes, c.identityToken) : await getTokenRequest(url, params, scopes, c);
    if (!res.ok) {
      throw new UserError(`unauthorized: token request to ${url.origin}${url.pathname} failed: ${res.status} ${res.statusText}`);
    }
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new UserError(`token server ${url.origin} returned no token`);
    return `Bearer ${token}`;
  }
}

/** The token spec's GET: scopes as query parameters, Basic credentials when there are any. */
function getTokenRequest(url: URL, params: Record<string, string>, scopes: string[], c: Credentials | undefined): Promise<Response> {
  if (params['service']) url.searchParams.set('service', params['service']);
  for (const s of scopes) url.searchParams.append('scope', s);
  return fetch(url, { headers: c ? { Authorization: basicHeader(c) } : {} });
}

/** The OAuth2 POST: the identity token as a refresh token, scopes space-separated. */
function refreshTokenRequest(url: URL, params: Record<string, string>, scopes: string[], token: string): Promise<Response> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token, client_id: CLIENT_ID });
  if (params['service']) form.set('service', params['service']);
  if (scopes.length > 0) form.set('scope', scopes.join(' '));
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
}

/** The scope string of a repository: `repository:a/b:pull,push`. */
export function repoScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`;
}
