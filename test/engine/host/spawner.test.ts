import { describe, expect, it } from 'vitest';
import { spawnViaHelper } from '../../../src/engine/host/spawner.js';

function collect(): { output: (s: 1 | 2, d: Buffer) => void; raw: (s: 1 | 2) => Buffer; text: (s: 1 | 2) => string; bytes: () => number } {
  const chunks: [1 | 2, Buffer][] = [];
  const raw = (s: 1 | 2): Buffer => Buffer.concat(chunks.filter(([c]) => c === s).map(([, d]) => d));
  return {
    output: (s, d) => chunks.push([s, Buffer.from(d)]),
    raw,
    text: (s) => raw(s).toString(),
    bytes: () => chunks.reduce((n, [, d]) => n + d.length, 0),
  };
}

describe('process helper', () => {
  it('relays stdout and stderr apart, byte for byte, and the exit code', async () => {
    const c = collect();
    const args = ['-c', 'printf "a b\\n\\0\\377"; printf "e" >&2; exit 3'];
    const r = await spawnViaHelper('/bin/sh', args, c.output).done;
    expect(r).toEqual({ exitCode: 3 });
    expect(c.raw(1).equals(Buffer.from([0x61, 0x20, 0x62, 0x0a, 0x00, 0xff]))).toBe(true);
    expect(c.text(2)).toBe('e');
  });

  it('passes arguments with spaces, quotes and newlines unchanged, with stdin empty', async () => {
    const c = collect();
    const args = ['a b', "it's", 'x\ny', '$HOME', ''];
    await spawnViaHelper('/bin/sh', ['-c', 'cat; printf "%s|" "$@"', 'sh', ...args], c.output).done;
    expect(c.text(1)).toBe(args.map((a) => `${a}|`).join(''));
  });

  it('runs processes concurrently, each with its own large output', async () => {
    const runs = Array.from({ length: 8 }, (_, i) => {
      const c = collect();
      const done = spawnViaHelper('/bin/sh', ['-c', `head -c ${100000 + i} /dev/zero; exit ${i}`], c.output).done;
      return done.then((r) => ({ r, n: c.bytes() }));
    });
    const results = await Promise.all(runs);
    results.forEach(({ r, n }, i) => expect({ code: r.exitCode, n }).toEqual({ code: i, n: 100000 + i }));
  });

  it('kills a running process on request and reports the signal', async () => {
    const p = spawnViaHelper('/bin/sleep', ['30'], () => undefined);
    setTimeout(() => p.kill(9), 100);
    expect(await p.done).toEqual({ exitCode: 137, signal: 9 });
  });

  it('leaves SIGINT to its children: the helper ignores it, they do not', async () => {
    const p = spawnViaHelper('/bin/sleep', ['30'], () => undefined);
    setTimeout(() => p.kill(2), 100);
    expect(await p.done).toEqual({ exitCode: 130, signal: 2 });
  });

  it('reports a command that cannot be executed as exit code 127 with the reason on stderr', async () => {
    const c = collect();
    expect((await spawnViaHelper('/nonexistent/cmd', [], c.output).done).exitCode).toBe(127);
    expect(c.text(2)).toContain('/nonexistent/cmd');
  });
});
