// The one switch from a typed instruction to its dispatch function.
import type { Command } from '../instructions/commands.js';
import { assertNever } from '../../../graph/op.js';
import type { ConvertContext, DispatchState } from './dispatch-state.js';
import {
  dispatchCmd,
  dispatchEntrypoint,
  dispatchExpose,
  dispatchHealthcheck,
  dispatchMaintainer,
  dispatchOnbuild,
  dispatchShell,
  dispatchStopSignal,
  dispatchVolume,
} from './dispatch-config.js';
import { dispatchCopy } from './dispatch-copy.js';
import { dispatchRun } from './dispatch-run.js';
import { dispatchArg, dispatchEnv, dispatchLabel, dispatchUser } from './dispatch-vars.js';
import { dispatchWorkdir } from './dispatch-workdir.js';

export async function dispatchCommand(ctx: ConvertContext, d: DispatchState, c: Command): Promise<void> {
  switch (c.name) {
    case 'run':
      return dispatchRun(ctx, d, c);
    case 'copy':
    case 'add':
      return dispatchCopy(ctx, d, c);
    case 'env':
      return dispatchEnv(ctx, d, c);
    case 'arg':
      return dispatchArg(ctx, d, c);
    case 'label':
      return dispatchLabel(ctx, d, c);
    case 'user':
      return dispatchUser(ctx, d, c);
    case 'workdir':
      return dispatchWorkdir(ctx, d, c);
    case 'expose':
      return dispatchExpose(ctx, d, c);
    case 'volume':
      return dispatchVolume(ctx, d, c);
    case 'shell':
      return dispatchShell(ctx, d, c);
    case 'stopsignal':
      return dispatchStopSignal(ctx, d, c);
    case 'healthcheck':
      return dispatchHealthcheck(ctx, d, c);
    case 'cmd':
      return dispatchCmd(ctx, d, c);
    case 'entrypoint':
      return dispatchEntrypoint(ctx, d, c);
    case 'onbuild':
      return dispatchOnbuild(d, c);
    case 'maintainer':
      return dispatchMaintainer(ctx, d, c);
    default:
      return assertNever(c);
  }
}
