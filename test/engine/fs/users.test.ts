import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveExecUser } from '../../../src/engine/fs/users.js';

// An image root whose /etc/passwd and /etc/group have no `root` entry (one overwritten by a COPY).
const root = mkdtempSync(join(tmpdir(), 'bake-users-'));
mkdirSync(join(root, 'etc'));
writeFileSync(join(root, 'etc/passwd'), 'app:x:1000:1000:app:/home/app:/bin/sh\n');
writeFileSync(join(root, 'etc/group'), 'app:x:1000:\nstaff:x:50:app\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveExecUser', () => {
  it.each([
    ['root:root', 0, 0, '/'],
    ['root:7', 0, 7, '/'],
    ['1000:root', 1000, 0, '/home/app'],
    ['5:6', 5, 6, '/'],
  ])('takes %s as ids without a passwd/group lookup', async (spec, uid, gid, home) => {
    await expect(resolveExecUser(root, spec)).resolves.toEqual({ uid, gid, additionalGids: [], home });
  });

  it('still looks up a name, with its supplementary groups', async () => {
    await expect(resolveExecUser(root, 'app')).resolves.toEqual({ uid: 1000, gid: 1000, additionalGids: [50], home: '/home/app' });
    await expect(resolveExecUser(root, 'root')).rejects.toThrow('unable to find user root: no matching entries in passwd file');
    await expect(resolveExecUser(root, 'app:nogroup')).rejects.toThrow('unable to find group nogroup');
  });
});
