import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveExecUser } from '../../../src/engine/fs/users.js';

const roots: string[] = [];
/** An image root holding only the given /etc files. */
function imageRoot(files: { passwd?: string; group?: string }): string {
  const root = mkdtempSync(join(tmpdir(), 'bake-users-'));
  roots.push(root);
  mkdirSync(join(root, 'etc'));
  if (files.passwd !== undefined) writeFileSync(join(root, 'etc/passwd'), files.passwd);
  if (files.group !== undefined) writeFileSync(join(root, 'etc/group'), files.group);
  return root;
}
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

// No `root` entry in either file (as after a COPY over /etc/passwd).
const noRoot = imageRoot({ passwd: 'app:x:1000:1000:app:/home/app:/bin/sh\n', group: 'app:x:1000:\nstaff:x:50:app\n' });
const noGroup = imageRoot({ passwd: 'root:x:0:0:root:/root:/bin/sh\n' });
const noFiles = imageRoot({});

describe('resolveExecUser', () => {
  it.each([
    ['root:root', 0, 0, '/'],
    ['root:7', 0, 7, '/'],
    ['1000:root', 1000, 0, '/home/app'],
    ['5:6', 5, 6, '/'],
  ])('takes %s as ids without a passwd/group lookup', async (spec, uid, gid, home) => {
    await expect(resolveExecUser(noRoot, spec)).resolves.toEqual({ uid, gid, additionalGids: [], home });
    await expect(resolveExecUser(noFiles, spec)).resolves.toMatchObject({ uid, gid });
  });

  it('looks up a name, with its supplementary groups', async () => {
    await expect(resolveExecUser(noRoot, 'app')).resolves.toEqual({ uid: 1000, gid: 1000, additionalGids: [50], home: '/home/app' });
    await expect(resolveExecUser(noRoot, 'root')).rejects.toThrow('unable to find user root: no matching entries in passwd file');
    await expect(resolveExecUser(noRoot, 'app:nogroup')).rejects.toThrow('unable to find group nogroup: no matching entries in group file');
  });

  it('needs /etc/passwd for anything but uid:gid, and /etc/group once a user or group is matched', async () => {
    await expect(resolveExecUser(noFiles, 'root')).rejects.toThrow('unable to find user root: invalid argument');
    await expect(resolveExecUser(noFiles, '1000')).rejects.toThrow('unable to find user 1000: invalid argument');
    await expect(resolveExecUser(noGroup, 'root')).rejects.toThrow('unable to find groups for spec root: invalid argument');
    await expect(resolveExecUser(noGroup, '0')).rejects.toThrow('unable to find groups for spec root: invalid argument');
    await expect(resolveExecUser(noGroup, ':5')).rejects.toThrow('unable to find groups for spec root: invalid argument');
  });

  it('runs an unknown uid, an empty group and an empty USER without lookups failing', async () => {
    await expect(resolveExecUser(noGroup, '1000')).resolves.toEqual({ uid: 1000, gid: 0, additionalGids: [], home: '/' });
    await expect(resolveExecUser(noGroup, '1000:')).resolves.toEqual({ uid: 1000, gid: 0, additionalGids: [], home: '/' });
    await expect(resolveExecUser(noFiles, '')).resolves.toEqual({ uid: 0, gid: 0, additionalGids: [], home: '/' });
    await expect(resolveExecUser(noGroup, '')).resolves.toEqual({ uid: 0, gid: 0, additionalGids: [], home: '/root' });
  });
});
