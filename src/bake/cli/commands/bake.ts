// `bake [OPTIONS] [TARGET...]`: --list, --print, or a build of the resolved targets (the build
// code and the engine are imported only here, only when building).
import { loadDefinition, resolveRequested, type Invocation } from '../../definition.js';
import { listDefinition, parseListRequest } from '../../list.js';
import { printDefinition } from '../../print.js';
import type { BakeOptions } from '../options.js';

export async function bakeCommand(opts: BakeOptions, inv: Invocation, write: (text: string) => void): Promise<number> {
  const list = opts.list !== undefined ? parseListRequest(opts.list) : undefined;
  const { config, variables } = await loadDefinition(opts, inv);
  if (list) {
    write(listDefinition(list, config, variables));
    return 0;
  }
  const resolved = resolveRequested(config, opts.targets, opts.sets, inv);
  if (opts.print) {
    write(printDefinition(resolved));
    return 0;
  }
  const { toSolveRequest } = await import('../../to-request.js');
  const request = toSolveRequest(resolved.targets.values(), {
    cwd: inv.cwd,
    env: inv.env,
    allow: opts.allow,
    ...(opts.parallelism !== undefined ? { parallelism: opts.parallelism } : {}),
  });
  const { runBuild } = await import('../../build.js');
  return runBuild(request, {
    progress: opts.progress,
    debug: opts.debug,
    ...(opts.metadataFile !== undefined ? { metadataFile: opts.metadataFile } : {}),
  });
}
