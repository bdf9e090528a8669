// A failed step: names the step as BuildKit does (`[app 3/5] RUN make`) and its Dockerfile
// lines, and keeps the cause (exit code, last output lines) for the CLI to print. A step whose
// cache key could not be made fails before it runs, worded as BuildKit words it.
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

/**
 * A source's cache key could not be made (an http source the server refuses). BuildKit makes a
 * source's key inside its vertex, so the vertex shows `detail`, while the build fails with it
 * wrapped as the solver wraps every cache map failure.
 */
export class CacheKeyError extends UserError {
  override readonly name = 'CacheKeyError';

  constructor(
    readonly detail: string,
    cause: unknown,
  ) {
    super(`failed to load cache key: ${detail}`, { cause });
  }
}
