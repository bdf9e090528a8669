// RUN: an exec step on the stage's rootfs. Shell form runs behind the stage SHELL; heredocs
// follow BuildKit (a lone heredoc is the script, one with `#!` is written to a file and run,
// anything else is handed whole to the shell). The env is the image Env plus the stage ARGs;
// proxy build args reach the process without entering the digest.
import type { ExecOp } from '../../../graph/op.js';
import type { MountSpec as GraphMount } from '../../../graph/state.js';
import { State } from '../../../graph/state.js';
import type { RunCommand } from '../instructions/commands.js';
import { parseHeredoc } from '../parser/heredoc.js';
import type { ConvertContext, DispatchState } from './dispatch-state.js';
import { stageShell, stepOptions } from './dispatch-state.js';
import { commitToHistory } from './image.js';
import { execMounts } from './run-mounts.js';

const PROXY_NAMES = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'];
const PROXY_ARGS = PROXY_NAMES.flatMap((k) => [k, k.toLowerCase()]);

/** Build args BuildKit accepts without an ARG: proxies and its own BUILDKIT_* settings. */
export function isBuiltinArg(key: string): boolean {
  return PROXY_ARGS.includes(key) || key.startsWith('BUILDKIT_') || key === 'SOURCE_DATE_EPOCH';
}

/**
 * The proxy variables of every RUN: a proxy build arg, given in either case, sets both spellings
 * (BuildKit's ProxyEnv keeps one value per proxy; when both spellings are given it takes either,
 * here the upper-case one); an empty value sets neither.
 */
function proxyVars(buildArgs: Record<string, string>): string[] {
  return PROXY_NAMES.flatMap((name) => {
    const value = buildArgs[name] ?? buildArgs[name.toLowerCase()];
    return value ? [`${name}=${value}`, `${name.toLowerCase()}=${value}`] : [];
  });
}

function runArgs(ctx: ConvertContext, d: DispatchState, c: RunCommand): { args: string[]; mounts: GraphMount[] } {
  if (!c.prependShell) return { args: [...c.cmdLine], mounts: [] };
  const shell = stageShell(d);
  const line = c.cmdLine.join(' ');
  const first = c.files[0];
  if (!first) return { args: [...shell, line], mounts: [] };
  // Only a command that is nothing but the heredoc (`<<EOT`, not `<<EOT sh -c ...`) runs it as the script.
  if (c.files.length === 1 && parseHeredoc(line.trim()) !== undefined) {
    if (!first.data.startsWith('#!')) return { args: [...shell, first.data], mounts: [] };
    const script = State.scratch().file(
      [{ kind: 'mkfile', path: `/${first.name}`, data: first.data, mode: 0o755, timestamp: ctx.opts.sourceDateEpoch }],
      stepOptions(ctx, d, c),
    );
    const mount: GraphMount = { type: 'bind', state: script, dest: '/dev/pipes/', readonly: true, output: false };
    return { args: [`/dev/pipes/${first.name}`], mounts: [mount] };
  }
  const full = c.files.reduce((text, f) => `${text}\n${f.data}${f.name}`, line);
  return { args: [...shell, full], mounts: [] };
}

/**
 * BuildKit's runCommandString: `|N K=V ... args` with the stage's declared ARGs (those of a base
 * stage first), an ARG declared again listed once, where it first appeared.
 */
function historyLine(d: DispatchState, args: string[]): string {
  const byKey = new Map<string, string>();
  for (const a of d.buildArgs) byKey.set(a.key, `${a.key}=${d.env.get(a.key) ?? a.value ?? ''}`);
  const vars = [...byKey.values()];
  const prefix = vars.length > 0 ? [`|${vars.length}`, ...vars] : [];
  return [...prefix, ...args].join(' ');
}

export async function dispatchRun(ctx: ConvertContext, d: DispatchState, c: RunCommand): Promise<void> {
  const { args, mounts } = runArgs(ctx, d, c);
  // `--network=default` means the build's own setting, not necessarily the sandbox.
  const network = c.network && c.network !== 'default' ? c.network : (ctx.opts.network ?? 'default');
  const proxyEnv = proxyVars(ctx.opts.buildArgs);
  const exec: Omit<ExecOp, 'mounts'> = {
    args,
    env: [...d.env].map(([k, v]) => `${k}=${v}`),
    cwd: d.image.config.WorkingDir || '/',
    user: d.image.config.User ?? '',
    network: network === 'default' ? 'sandbox' : network,
    security: c.security ?? 'sandbox',
  };
  if (proxyEnv.length > 0) exec.proxyEnv = proxyEnv;
  const hostname = ctx.opts.buildArgs['BUILDKIT_SANDBOX_HOSTNAME'];
  if (hostname) exec.hostname = hostname;
  const hosts = Object.entries(ctx.opts.extraHosts ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (hosts.length > 0) exec.extraHosts = hosts.map(([host, ip]) => ({ host, ip }));
  if (c.devices.length > 0) exec.cdiDevices = c.devices.map((dev) => ({ name: dev.name, optional: !dev.required }));
  const run = await execMounts(ctx, d, c);
  const all = [...mounts, ...run.mounts];
  // As BuildKit's LLB does: the first ssh mount's path is SSH_AUTH_SOCK unless the env sets it,
  // whether or not the client forwards that agent (an optional one left out keeps the variable).
  if (run.sshSocket !== undefined && !exec.env.some((e) => e.startsWith('SSH_AUTH_SOCK='))) exec.env.push(`SSH_AUTH_SOCK=${run.sshSocket}`);
  d.state = d.state.run({ exec, mounts: all, ...stepOptions(ctx, d, c) }).root;
  commitToHistory(d.image, `RUN ${historyLine(d, args)} # buildkit`, true, ctx.opts.sourceDateEpoch);
}
