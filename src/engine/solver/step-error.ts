// A failed step: names the step as BuildKit does (`[app 3/5] RUN make`) and its Dockerfile
// lines, and keeps the cause (exit code, last output lines) for the CLI to print.
import type { Digest } from '../oci/types.js';
import type { VertexMeta } from '../graph/op.js';
import { UserError } from '../../errors.js';

export class StepError extends UserError {
  override readonly name = 'StepError';

  constructor(
    readonly digest: Digest,
    readonly meta: VertexMeta | undefined,
    cause: unknown,
  ) {
    const step = meta?.name ?? digest;
    const where = meta?.source ? `${meta.source.file}:${meta.source.startLine}` : undefined;
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`${where ? `${where}: ` : ''}${step}: ${why}`, { cause });
  }
}
