// `--progress=rawjson`: one SolveStatus JSON object per line, as buildx prints BuildKit's
// status stream (vertexes with digest, inputs, name, started, completed, cached, error; logs with
// base64 data).
import type { Writable } from 'node:stream';
import type { SolveStatus } from '../../engine/progress/events.js';

export class RawJsonRenderer {
  constructor(private readonly out: Writable) {}

  render(status: SolveStatus): void {
    const line = {
      vertexes: status.vertexes.map((v) => ({
        digest: v.digest,
        inputs: v.inputs,
        name: v.name,
        ...(v.started ? { started: v.started.toISOString() } : {}),
        ...(v.completed ? { completed: v.completed.toISOString() } : {}),
        ...(v.cached ? { cached: true } : {}),
        ...(v.error ? { error: v.error } : {}),
        targets: v.targets,
      })),
      logs: status.logs.map((l) => ({
        vertex: l.vertex,
        stream: l.stream,
        data: Buffer.from(l.data).toString('base64'),
        timestamp: l.timestamp.toISOString(),
      })),
      warnings: status.warnings.map((w) => ({ vertex: w.vertex, level: w.level, short: Buffer.from(w.short).toString('base64') })),
    };
    if (line.vertexes.length === 0) delete (line as Partial<typeof line>).vertexes;
    if (line.logs.length === 0) delete (line as Partial<typeof line>).logs;
    if (line.warnings.length === 0) delete (line as Partial<typeof line>).warnings;
    this.out.write(`${JSON.stringify(line)}\n`);
  }
}
