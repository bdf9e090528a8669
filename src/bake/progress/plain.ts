// `--progress=plain`: BuildKit-style lines. Each step gets a number the first time it is seen,
// `#N [stage i/n] STEP`, its output as `#N 0.123 text`, then `#N DONE 0.4s`, `#N CACHED` or
// `#N ERROR: ...`. Steps shared by several targets are printed once.
import type { Writable } from 'node:stream';
import type { SolveStatus, VertexEvent } from '../../engine/progress/events.js';

export class PlainRenderer {
  private readonly numbers = new Map<string, number>();
  private readonly printed = new Map<string, { started: boolean; done: boolean }>();
  private readonly partial = new Map<string, string>();

  constructor(private readonly out: Writable) {}

  private number(digest: string): number {
    let n = this.numbers.get(digest);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(digest, n);
    }
    return n;
  }

  private header(v: VertexEvent): void {
    const seen = this.printed.get(v.digest) ?? { started: false, done: false };
    if (!seen.started) {
      const shared = v.targets.length > 1 ? ` (shared by ${v.targets.join(', ')})` : '';
      this.out.write(`\n#${this.number(v.digest)} ${v.name}${shared}\n`);
      seen.started = true;
      this.printed.set(v.digest, seen);
    }
  }

  render(status: SolveStatus): void {
    for (const v of status.vertexes) {
      if (!v.started && !v.cached) continue;
      this.header(v);
      const seen = this.printed.get(v.digest)!;
      if (seen.done || !v.completed) continue;
      this.flush(v.digest);
      const n = this.number(v.digest);
      if (v.cached) this.out.write(`#${n} CACHED\n`);
      else if (v.error) this.out.write(`#${n} ERROR: ${v.error}\n`);
      else {
        const secs = v.started ? (v.completed.getTime() - v.started.getTime()) / 1000 : 0;
        this.out.write(`#${n} DONE ${secs.toFixed(1)}s\n`);
      }
      seen.done = true;
    }
    for (const log of status.logs) {
      const text = (this.partial.get(log.vertex) ?? '') + Buffer.from(log.data).toString('utf8');
      const lines = text.split('\n');
      this.partial.set(log.vertex, lines.pop() ?? '');
      const n = this.number(log.vertex);
      for (const line of lines) this.out.write(`#${n} ${line}\n`);
    }
    for (const w of status.warnings) this.out.write(`#${this.number(w.vertex)} WARN: ${w.short}\n`);
  }

  private flush(digest: string): void {
    const rest = this.partial.get(digest);
    if (rest) this.out.write(`#${this.number(digest)} ${rest}\n`);
    this.partial.delete(digest);
  }
}
