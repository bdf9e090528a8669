// A LayerStore double for unit tests: "mounting" copies the layers into the upper dir (or a temp
// dir), so committed layers hold whole trees rather than diffs. Enough to observe op results.
// Like the disk store, each layer keeps its `diff/` in a per-layer dir renamed whole on commit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vertex } from '../../../src/engine/graph/op.js';
import type { OpContext } from '../../../src/engine/ops/types.js';
import type { Session } from '../../../src/engine/session.js';
import type { ActiveLayer, LayerStore, MountedRoot, Snapshot } from '../../../src/engine/snapshot/types.js';

export class CopyLayerStore implements LayerStore {
  readonly root = mkdtempSync(join(tmpdir(), 'bake-layers-'));
  private n = 0;

  diffDir(id: string): string {
    return join(this.root, 'layers', id, 'diff');
  }
  has(id: string): boolean {
    return existsSync(this.diffDir(id));
  }
  create(id: string): Promise<ActiveLayer> {
    const staging = join(this.root, 'active', `${id}-${this.n++}`);
    const dir = join(staging, 'diff');
    mkdirSync(dir, { recursive: true });
    const final = join(this.root, 'layers', id);
    return Promise.resolve({
      id,
      dir,
      commit: () => {
        mkdirSync(join(this.root, 'layers'), { recursive: true });
        renameSync(staging, final);
        return Promise.resolve();
      },
      discard: () => Promise.resolve(rmSync(staging, { recursive: true, force: true })),
    });
  }
  mount(snapshot: Snapshot, upper?: ActiveLayer): Promise<MountedRoot> {
    const path = upper ? upper.dir : mkdtempSync(join(tmpdir(), 'bake-mnt-'));
    for (const id of snapshot.layers) copyTree(this.diffDir(id), path);
    return Promise.resolve({ path, unmount: () => Promise.resolve(upper ? undefined : rmSync(path, { recursive: true })) });
  }
  /** Commits a layer built from a directory, for test inputs. */
  async fromDir(id: string, dir: string): Promise<Snapshot> {
    const layer = await this.create(id);
    copyTree(dir, layer.dir);
    await layer.commit();
    return { layers: [id] };
  }
}

/**
 * Copies a tree onto another keeping owners, modes and times: `cp -a`, since fs.cpSync keeps no
 * owners, and on Node 24 no directory modes either.
 */
function copyTree(from: string, to: string): void {
  execFileSync('cp', ['-a', `${from}/.`, to]);
}

export function testContext(layers: LayerStore, session: Partial<Session> = {}, id = 'out'): OpContext & { output: string[] } {
  const output: string[] = [];
  return {
    output,
    stateDir: mkdtempSync(join(tmpdir(), 'bake-state-')),
    layers,
    session: {
      localDir: () => ({ dir: '/nonexistent', excludes: [] }),
      secret: () => Promise.resolve(undefined),
      sshSocket: () => undefined,
      ...session,
    },
    hostPlatform: { os: 'linux', architecture: 'amd64' },
    signal: new AbortController().signal,
    newLayerId: id,
    log: (_stream, data) => output.push(Buffer.from(data).toString()),
  };
}

export function vertexOf(op: Vertex['op'], inputs = 0): Vertex {
  return { op, inputs: Array.from({ length: inputs }, (_, i) => ({ vertex: `sha256:${i}`, index: 0 })) };
}
