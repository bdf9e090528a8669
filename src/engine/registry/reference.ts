// Docker image references (`alpine`, `host:5000/a/b:t@sha256:...`) parsed and normalised the way
// Docker does: a first component is a registry only if it has a `.` or `:` or is `localhost`;
// Docker Hub names get `docker.io` and, for one-component names, `library/`.
import { UserError } from '../../errors.js';

export const DOCKER_HUB = 'docker.io';

export interface Reference {
  /** `docker.io`, `127.0.0.1:5000`. */
  registry: string;
  /** `library/alpine`. */
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/;

function invalid(text: string, why: string): UserError {
  return new UserError(`invalid reference format "${text}": ${why}`);
}

function splitDomain(name: string): { registry: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0 || !(first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    return { registry: DOCKER_HUB, path: name };
  }
  const registry = first === 'index.docker.io' ? DOCKER_HUB : first;
  return { registry, path: name.slice(slash + 1) };
}

/** Parses and normalises a reference; a reference without tag or digest gets `latest`. */
export function parseReference(text: string): Reference {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(text, `invalid digest "${digest}"`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(text, `invalid tag "${tag}"`);
  }
  if (rest === '') throw invalid(text, 'repository name is empty');
  const { registry, path } = splitDomain(rest);
  if (!DOMAIN.test(registry)) throw invalid(text, `invalid registry "${registry}"`);
  for (const part of path.split('/')) {
    if (!COMPONENT.test(part)) throw invalid(text, 'repository name must be lowercase alphanumerics separated by . _ __ or -');
  }
  const repository = registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  if (registry.length + repository.length + 1 > 255) throw invalid(text, 'repository name must not be more than 255 characters');
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { registry, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** `registry/repository` without tag or digest. */
export function repoName(ref: Reference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The full normalised form: `docker.io/library/alpine:latest`, `host/a@sha256:...`. */
export function formatReference(ref: Reference): string {
  return repoName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** The same repository pinned to a digest (the tag dropped, as BuildKit pins base images). */
export function withDigest(ref: Reference, digest: string): Reference {
  return { registry: ref.registry, repository: ref.repository, digest };
}

/** The host to talk to: Docker Hub's API lives on `registry-1.docker.io`. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}

/** Plain http only for loopback and registries the user lists in BAKE_INSECURE_REGISTRIES. */
export function isInsecure(registry: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const host = registry.replace(/:\d+$/, '');
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]') return true;
  const listed = (env['BAKE_INSECURE_REGISTRIES'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return listed.includes(registry) || listed.includes(host);
}
