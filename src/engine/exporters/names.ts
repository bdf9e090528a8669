// Image names the way Docker normalises them: `alpine` is `docker.io/library/alpine:latest`.
// OCI layouts carry the full name and the tag; docker-archive RepoTags the familiar form.

export interface ImageName {
  /** `monorepo/api` (no tag, no digest). */
  repository: string;
  tag: string;
}

export function parseImageName(name: string): ImageName {
  const at = name.indexOf('@');
  const base = at >= 0 ? name.slice(0, at) : name;
  const colon = base.lastIndexOf(':');
  if (colon > base.lastIndexOf('/')) return { repository: base.slice(0, colon), tag: base.slice(colon + 1) };
  return { repository: base, tag: 'latest' };
}

/** `docker.io/library/alpine:latest` for `alpine`. */
export function fullName(name: string): string {
  const { repository, tag } = parseImageName(name);
  const first = repository.split('/')[0]!;
  const hasDomain = repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let full = repository;
  if (!hasDomain) full = repository.includes('/') ? `docker.io/${repository}` : `docker.io/library/${repository}`;
  return `${full}:${tag}`;
}

/** `monorepo/worker:1.0.0`, `alpine:latest`: what `docker images` shows. */
export function familiarName(name: string): string {
  const { repository, tag } = parseImageName(name);
  return `${repository.replace(/^docker\.io\/(library\/)?/, '')}:${tag}`;
}
