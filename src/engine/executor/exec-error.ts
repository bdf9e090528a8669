// A RUN step whose command failed: the CLI prints the message and the last output lines, like
// BuildKit's `process "…" did not complete successfully: exit code: N`.
import { UserError } from '../../errors.js';

export class ExecError extends UserError {
  override readonly name = 'ExecError';

  constructor(
    readonly args: string[],
    readonly exitCode: number,
    /** The last lines the command printed (stdout and stderr interleaved). */
    readonly lastLines: string[],
  ) {
    super(`process "${args.join(' ')}" did not complete successfully: exit code: ${exitCode}`);
  }
}

/** Keeps the last `max` complete lines of a byte stream, for error reports. */
export class OutputTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly max = 20) {}

  push(data: Uint8Array): void {
    const parts = (this.partial + Buffer.from(data).toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.max) this.lines = this.lines.slice(-this.max);
  }

  get(): string[] {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(-this.max);
  }
}
