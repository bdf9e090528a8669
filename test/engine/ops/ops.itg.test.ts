// The op runners on the real DiskLayerStore (overlay mounts): a busybox base from a local
// source, COPY from a context, RUN on top, a removal seen through overlay whiteouts.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileAction } from '../../../src/engine/graph/op.js';
import { ExecOpRunner } from '../../../src/engine/ops/exec.js';
import { FileOpRunner } from '../../../src/engine/ops/file.js';
import { LocalSourceRunner } from '../../../src/engine/ops/local.js';
import type { LocalDir } from '../../../src/engine/session.js';
import { DiskLayerStore } from '../../../src/engine/snapshot/layer-store.js';
import { busyboxRoot } from '../executor/busybox-root.js';
import { testContext, vertexOf } from './fake-layers.js';

const canRun = process.getuid?.() === 0 && existsSync('/usr/sbin/runc');

describe.skipIf(!canRun)('ops on DiskLayerStore', () => {
  it('local → copy with chown by name → run → rm', async () => {
    const state = mkdtempSync(join(tmpdir(), 'bake-itg-'));
    const layers = new DiskLayerStore(state);
    const ctxDir = mkdtempSync(join(tmpdir(), 'bake-ctx-'));
    mkdirSync(join(ctxDir, 'app'));
    writeFileSync(join(ctxDir, 'app/main.sh'), 'echo hi\n');
    writeFileSync(join(ctxDir, 'ignored.log'), 'x');
    const dirs: Record<string, LocalDir> = { base: { dir: busyboxRoot(), excludes: [] }, context: { dir: ctxDir, excludes: ['*.log'] } };
    const ctx = (id: string) => ({ ...testContext(layers, { localDir: (n) => dirs[n]! }, id), stateDir: state });

    const local = new LocalSourceRunner();
    const [base] = await local.run(vertexOf({ kind: 'source', source: { type: 'local', name: 'base' } }), [], ctx('base'));
    const [context] = await local.run(vertexOf({ kind: 'source', source: { type: 'local', name: 'context' } }), [], ctx('context'));
    const copy: FileAction = {
      kind: 'copy', src: 1, srcPath: '/', destPath: '/srv/', owner: { user: { name: 'app' } }, followSymlink: true,
      dirCopyContents: true, attemptUnpackDockerCompatibility: false, createDestPath: true, allowWildcard: true, allowEmptyWildcard: true,
    };
    const [copied] = await new FileOpRunner().run(vertexOf({ kind: 'file', file: { base: 0, actions: [copy] } }, 2), [base!, context!], ctx('copied'));
    const exec = new ExecOpRunner();
    const run = (script: string, id: string, input = copied!) =>
      exec.run(vertexOf({ kind: 'exec', exec: { args: ['/bin/sh', '-c', script], env: [], cwd: '/srv', user: 'app', network: 'sandbox', security: 'sandbox', mounts: [{ type: 'bind', input: 0, dest: '/', readonly: false, output: 0 }] } }, 1), [input], ctx(id));
    const [ran] = await run('busybox ls -n /srv/app/main.sh | busybox awk \'{print $3":"$4}\' > owner; sh app/main.sh > out; busybox ls > list', 'ran');
    const top = layers.diffDir(ran!.layers.at(-1)!);
    expect(readFileSync(join(top, 'srv/owner'), 'utf8')).toBe('1000:1000\n');
    expect(readFileSync(join(top, 'srv/out'), 'utf8')).toBe('hi\n');
    expect(readFileSync(join(top, 'srv/list'), 'utf8')).not.toContain('ignored.log');
    expect(existsSync(join(top, 'etc/hosts'))).toBe(false);
    // Removing a lower file leaves an overlay whiteout in the new layer.
    const [removed] = await exec.run(vertexOf({ kind: 'exec', exec: { args: ['/bin/sh', '-c', 'busybox rm /srv/out'], env: [], cwd: '/', user: '', network: 'none', security: 'sandbox', mounts: [{ type: 'bind', input: 0, dest: '/', readonly: false, output: 0 }] } }, 1), [ran!], ctx('removed'));
    expect(lstatSync(join(layers.diffDir(removed!.layers.at(-1)!), 'srv/out')).isCharacterDevice()).toBe(true);
  });
});
