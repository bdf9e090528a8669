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
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

async function passwd(root: string): Promise<PasswdEntry[] | undefined> {
  const rows = await readTable(root, '/etc/passwd');
  return rows?.map((r) => ({ name: r[0] ?? '', uid: idField(r[2]), gid: idField(r[3]), home: r[5] ?? '' }));
}

async function groups(root: string): Promise<GroupEntry[] | undefined> {
  const rows = await readTable(root, '/etc/group');
  return rows?.map((r) => ({ name: r[0] ?? '', gid: idField(r[2]), members: (r[3] ?? '').split(',').filter(Boolean) }));
}

function numeric(s: string): number | undefined {
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

/** A passwd/group id field as runc reads it: anything not a number is 0. */
function idField(s: string | undefined): number {
  return numeric(s ?? '') ?? 0;
}

/**
 * Resolves USER (`name`, `uid`, `name:group`, `uid:gid`, empty = root) in the image at `root` as
 * BuildKit's executor does (oci.GetUser over runc's GetExecUser):
 * - `uid:gid` where each side is a number or `root` is taken as is, with no lookup;
 * - otherwise /etc/passwd must exist: BuildKit hands a missing file to GetExecUser as an unreadable
 *   one, so `USER root` or `USER 1000` in an image without it fails ("invalid argument");
 * - a user found in passwd (or an explicit group) also needs /etc/group, for the same reason;
 * - an empty USER is root even without either file.
 */
export async function resolveExecUser(root: string, spec: string): Promise<ExecUser> {
  const table = await passwd(root);
  const homeOf = (uid: number): string => table?.find((e) => e.uid === uid)?.home ?? '/';
  const [userArg = '', groupArg = ''] = spec.split(':');
  const fast = (s: string): number | undefined => (s === 'root' ? 0 : numeric(s));
  const [fastUid, fastGid] = [fast(userArg), spec.includes(':') ? fast(groupArg) : undefined];
  if (spec === '' || (fastUid !== undefined && fastGid !== undefined)) {
    const uid = fastUid ?? 0;
    return { uid, gid: fastGid ?? 0, additionalGids: [], home: homeOf(uid) };
  }
  if (!table) throw new UserError(`unable to find user ${userArg || '0'}: invalid argument`);
  const uidArg = numeric(userArg);
  const hit = table.find((e) => (userArg === '' ? e.uid === 0 : uidArg !== undefined ? e.uid === uidArg : e.name === userArg));
  if (!hit && userArg !== '' && uidArg === undefined) throw new UserError(`unable to find user ${userArg}: no matching entries in passwd file`);
  const uid = hit?.uid ?? uidArg ?? 0;
  let gid = hit?.gid ?? 0;
  let additionalGids: number[] = [];
  if (groupArg !== '' || hit) {
    const gtable = await groups(root);
    if (!gtable) throw new UserError(`unable to find groups for spec ${hit?.name ?? ''}: invalid argument`);
    if (groupArg !== '') {
      const gidArg = numeric(groupArg);
      const g = gtable.find((e) => (gidArg !== undefined ? e.gid === gidArg : e.name === groupArg));
      if (!g && gidArg === undefined) throw new UserError(`unable to find group ${groupArg}: no matching entries in group file`);
      gid = g?.gid ?? gidArg!;
    } else {
      // Supplementary groups come from /etc/group membership, only when no group was forced.
      const member = gtable.filter((g) => g.members.includes(hit!.name));
      additionalGids = [...new Set(member.map((g) => g.gid).filter((g) => g !== gid))];
    }
  }
  return { uid, gid, additionalGids, home: hit?.home ?? '/' };
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
