import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SolveStatus, VertexEvent } from '../../../src/engine/progress/events.js';
import { PlainRenderer } from '../../../src/bake/progress/plain.js';
import { RawJsonRenderer } from '../../../src/bake/progress/rawjson.js';

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

const t0 = new Date('2026-01-01T00:00:00.000Z');
const t1 = new Date('2026-01-01T00:00:01.500Z');
const base: VertexEvent = { digest: 'sha256:aa', inputs: [], name: '[base 1/1] RUN make', targets: ['api', 'web'] };

function status(vertexes: VertexEvent[], logs: SolveStatus['logs'] = []): SolveStatus {
  return { vertexes, logs, warnings: [] };
}

describe('PlainRenderer', () => {
  it('prints BuildKit-style numbered steps with output lines, DONE timings and CACHED marks', () => {
    const { out, text } = capture();
    const r = new PlainRenderer(out);
    r.render(status([{ ...base, started: t0 }]));
    r.render(status([], [{ vertex: base.digest, stream: 1, data: Buffer.from('line one\npart'), timestamp: t0 }]));
    r.render(status([], [{ vertex: base.digest, stream: 1, data: Buffer.from('ial\n'), timestamp: t0 }]));
    r.render(status([{ ...base, started: t0, completed: t1 }]));
    const other: VertexEvent = { digest: 'sha256:bb', inputs: [], name: '[web 1/2] COPY . /', targets: ['web'] };
    r.render(status([{ ...other, started: t1, completed: t1, cached: true }]));
    expect(text()).toBe(
      '\n#1 [base 1/1] RUN make (shared by api, web)\n#1 line one\n#1 partial\n#1 DONE 1.5s\n' +
        '\n#2 [web 1/2] COPY . /\n#2 CACHED\n',
    );
  });

  it('prints the error of a failed step', () => {
    const { out, text } = capture();
    new PlainRenderer(out).render(status([{ ...base, started: t0, completed: t1, error: 'exit code: 2' }]));
    expect(text()).toContain('#1 ERROR: exit code: 2');
  });
});

describe('RawJsonRenderer', () => {
  it('writes one SolveStatus JSON object per line with base64 log data', () => {
    const { out, text } = capture();
    const r = new RawJsonRenderer(out);
    r.render(status([{ ...base, started: t0, completed: t1, cached: true }]));
    r.render(status([], [{ vertex: base.digest, stream: 2, data: Buffer.from('hi'), timestamp: t0 }]));
    const lines = text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({
      vertexes: [
        {
          digest: 'sha256:aa',
          inputs: [],
          name: '[base 1/1] RUN make',
          started: t0.toISOString(),
          completed: t1.toISOString(),
          cached: true,
          targets: ['api', 'web'],
        },
      ],
    });
    expect(lines[1]).toEqual({ logs: [{ vertex: 'sha256:aa', stream: 2, data: 'aGk=', timestamp: t0.toISOString() }] });
  });
});
