// User and group names looked up in an image's own /etc/passwd and /etc/group (never the
// host's), for RUN's USER and COPY --chown. Files are read through in-root resolution, so a
// symlinked /etc/passwd in an image cannot make bake read a host file.
import { readFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import type { ChownOpt } from '../graph/op.js';
import type { Owner } from './copy.js';
import { resolveInRoot } from './resolve.js';

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface ExecUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  /** HOME for a process without one: the passwd entry's, else `/` (runc's default user). */
  home: string;
}

async function readTable(root: string, file: string): Promise<string[][] | undefined> {
  const text = await readFile(await resolveInRoot(root, file), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

async function passwd(root: string): Promise<PasswdEntry[] | undefined> {
  const rows = await readTable(root, '/etc/passwd');
  return rows?.map((r) => ({ name: r[0] ?? '', uid: Number(r[2]), gid: Number(r[3]), home: r[5] ?? '' }));
}

async function groups(root: string): Promise<GroupEntry[] | undefined> {
  const rows = await readTable(root, '/etc/group');
  return rows?.map((r) => ({ name: r[0] ?? '', gid: Number(r[2]), members: (r[3] ?? '').split(',').filter(Boolean) }));
}

function numeric(s: string): number | undefined {
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

async function lookupUser(root: string, name: string): Promise<PasswdEntry | undefined> {
  const id = numeric(name);
  const table = await passwd(root);
  const hit = table?.find((e) => (id !== undefined ? e.uid === id : e.name === name));
  // Root needs no passwd file, like in scratch-based images.
  if (!hit && id === undefined && name === 'root' && table === undefined) return { name: 'root', uid: 0, gid: 0, home: '/' };
  if (!hit && id === undefined) throw new UserError(`unable to find user ${name}: no matching entries in passwd file`);
  return hit;
}

async function lookupGroup(root: string, name: string): Promise<number> {
  const id = numeric(name);
  if (id !== undefined) return id;
  const table = await groups(root);
  const hit = table?.find((g) => g.name === name);
  if (hit) return hit.gid;
  if (name === 'root' && table === undefined) return 0;
  throw new UserError(`unable to find group ${name}: no matching entries in group file`);
}

/** Resolves USER (`name`, `uid`, `name:group`, `uid:gid`, empty = root) in the image at `root`. */
export async function resolveExecUser(root: string, spec: string): Promise<ExecUser> {
  const [userPart = '', groupPart] = spec.split(':', 2);
  if (userPart === '' && groupPart === undefined) {
    const rootEntry = await lookupUser(root, '0');
    return { uid: 0, gid: 0, additionalGids: [], home: rootEntry?.home ?? '/' };
  }
  // BuildKit's fast path: `uid:gid` where each side is a number or `root` needs no lookup at all,
  // so `root:root` runs as 0:0 even when /etc/passwd or /etc/group lacks root.
  const fast = (s: string): number | undefined => (s === 'root' ? 0 : numeric(s));
  const [fastUid, fastGid] = [fast(userPart), groupPart === undefined ? undefined : fast(groupPart)];
  if (fastUid !== undefined && fastGid !== undefined) {
    const home = (await passwd(root))?.find((e) => e.uid === fastUid)?.home ?? '/';
    return { uid: fastUid, gid: fastGid, additionalGids: [], home };
  }
  const entry = await lookupUser(root, userPart);
  const uid = entry?.uid ?? numeric(userPart)!;
  const gid = groupPart !== undefined ? await lookupGroup(root, groupPart) : (entry?.gid ?? 0);
  // Supplementary groups come from /etc/group membership, only when no group was forced.
  const member = groupPart === undefined && entry ? ((await groups(root)) ?? []).filter((g) => g.members.includes(entry.name)) : [];
  const additionalGids = [...new Set(member.map((g) => g.gid).filter((g) => g !== gid))];
  return { uid, gid, additionalGids, home: entry?.home ?? '/' };
}

/**
 * Resolves COPY --chown in the destination root: a uid alone gives gid = uid, a name its primary
 * gid. As in BuildKit, a name missing from passwd/group (or a missing file) is not an error: an
 * unknown user leaves 0:0, an unknown group leaves the user's gid.
 */
export async function resolveChown(root: string, opt: ChownOpt | undefined): Promise<Owner | undefined> {
  if (!opt || (!opt.user && !opt.group)) return undefined;
  let uid = 0;
  let gid = 0;
  if (opt.user && 'id' in opt.user) uid = gid = opt.user.id;
  else if (opt.user) {
    const name = opt.user.name;
    const entry = (await passwd(root))?.find((e) => e.name === name);
    if (entry) ({ uid, gid } = entry);
  }
  if (opt.group && 'id' in opt.group) gid = opt.group.id;
  else if (opt.group) {
    const name = opt.group.name;
    const hit = (await groups(root))?.find((g) => g.name === name);
    if (hit) gid = hit.gid;
  }
  return { uid, gid };
}
