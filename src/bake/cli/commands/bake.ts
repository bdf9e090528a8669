// `bake [OPTIONS] [TARGET...]`: --list, --print, or a build of the resolved targets (the build
// code and the engine are imported only here, only when building).
import { UserError } from '../../../errors.js';
import { callPrintOptions } from '../../call/options.js';
import { checkAllowKeys } from '../../entitlements.js';
import { loadDefinition, resolveRequested, type Invocation } from '../../definition.js';
import { listDefinition, parseListRequest } from '../../list.js';
import { printDefinition } from '../../print.js';
import { onRemoteContext, readRemoteFiles, splitRemoteArgs } from '../../remote-definitions.js';
import type { Target } from '../../types.js';
import type { BakeOptions } from '../options.js';

function checkExecutionMode(mode: string): void {
  const m = mode.trim();
  if (m === '' || m === 'fail-fast') return;
  if (m === 'defer-output' || m === 'defer-error') throw new UserError(`--execution=${m} is not supported by bake yet: the first failure stops the build (fail-fast)`);
  throw new UserError(`invalid execution mode ${JSON.stringify(mode)}`);
}

function warnUnevaluatedPolicies(targets: Iterable<Target>): void {
  for (const t of targets) {
    if (t.policy?.some((p) => p['disabled'] !== 'true')) process.stderr.write(`WARNING: target ${JSON.stringify(t.name)}: build policies are not evaluated by bake\n`);
  }
}

export async function bakeCommand(opts: BakeOptions, inv: Invocation, write: (text: string) => void): Promise<number> {
  checkAllowKeys(opts.allow);
  const list = opts.list !== undefined ? parseListRequest(opts.list) : undefined;
  const { url, cmdContext, targets } = splitRemoteArgs(opts.targets);
  const remote = url !== undefined ? { files: await readRemoteFiles(url, opts.files, inv), cmdContext } : undefined;
  const { config, variables } = await loadDefinition({ ...opts, remote }, inv);
  if (list) {
    write(listDefinition(list, config, variables));
    return 0;
  }
  const resolved = resolveRequested(config, targets, opts.sets, inv);
  if (opts.disablePolicy) for (const t of resolved.targets.values()) t.policy = [{ disabled: 'true' }];
  if (opts.print) {
    write(printDefinition(resolved));
    return 0;
  }
  checkExecutionMode(opts.execution);
  warnUnevaluatedPolicies(resolved.targets.values());
  const { toSolveRequest } = await import('../../to-request.js');
  const request = toSolveRequest(url !== undefined ? onRemoteContext(resolved.targets.values(), url) : resolved.targets.values(), {
    cwd: inv.cwd,
    env: inv.env,
    allow: opts.allow,
    ...(opts.parallelism !== undefined ? { parallelism: opts.parallelism } : {}),
  });
  const { runBuild } = await import('../../build.js');
  return runBuild(request, {
    progress: opts.progress,
    debug: opts.debug,
    call: callPrintOptions(opts, resolved, inv.cwd),
    ...(opts.metadataFile !== undefined ? { metadataFile: opts.metadataFile } : {}),
  });
}
