import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { debugGraph } from '../../../../src/engine/frontend/dockerfile/debug-graph.js';
import type { BuildTarget, SolveRequest } from '../../../../src/engine/request.js';
import { FakeResolver } from './convert/helpers.js';

function target(name: string, dir: string, stage: string): BuildTarget {
  return {
    name, context: dir, dockerfile: join(dir, 'Dockerfile'), args: {}, labels: {}, target: stage, contexts: {},
    platforms: [{ os: 'linux', architecture: 'amd64' }], outputs: [], tags: [], noCache: false, noCacheFilter: [],
    pull: false, secrets: [], ssh: [], cacheFrom: [], cacheTo: [], ulimits: [], extraHosts: {},
  };
}

describe('debugGraph', () => {
  it('prints the merged graph of all targets with shared vertices', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dg-'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM alpine AS base\nRUN setup\nFROM base AS a\nRUN a\nFROM base AS b\nRUN b\n');
    const request: SolveRequest = { targets: [target('a', dir, 'a'), target('b', dir, 'b')], stateDir: join(dir, 'state') };
    const json = JSON.parse(await debugGraph(request, 'json', new FakeResolver())) as {
      vertices: { digest: string; name: string; targets: string[] }[];
      targets: Record<string, { platform: string; root: { vertex: string } }[]>;
    };
    expect(json.vertices).toHaveLength(4);
    const rootOfA = json.vertices.find((v) => v.digest === json.targets['a']?.[0]?.root.vertex);
    expect(rootOfA?.name).toMatch(/RUN a$/);
    expect(json.targets['b']?.[0]?.platform).toBe('linux/amd64');
    const setup = json.vertices.find((v) => v.name.endsWith('RUN setup'));
    expect(setup?.targets).toEqual(['a', 'b']);
    const dot = await debugGraph(request, 'dot', new FakeResolver());
    expect(dot.match(/->/g)).toHaveLength(5);
    expect(dot).toContain('shape=doubleoctagon');
  });
});
