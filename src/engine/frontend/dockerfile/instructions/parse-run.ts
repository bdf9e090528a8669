// RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK: the instructions whose argument is a command
// line (exec form or shell form), BuildKit parseRun/parseCmd/parseHealthcheck...
import { UserError } from '../../../../errors.js';
import { chompHeredocContent } from '../parser/heredoc.js';
import { goQuote } from '../../../../strconv.js';
import type {
  CmdCommand,
  EntrypointCommand,
  HealthcheckCommand,
  NetworkMode,
  RunCommand,
  SecurityMode,
  ShellCommand,
  ShellDependantCmdLine,
} from './commands.js';
import { parseGoDuration } from './go-syntax.js';
import { errAtLeastOneArgument, errNotJSON, handleJSONArgs, type ParseRequest } from './request.js';
import { checkMountFlag } from './runmount.js';
import { parseDevice } from './rundevice.js';
import type { Flag } from './bflags.js';

function shellDependentCommand(req: ParseRequest): ShellDependantCmdLine {
  return {
    cmdLine: handleJSONArgs(req.args, req.json),
    files: req.heredocs.map((h) => ({
      name: h.name,
      data: h.chomp ? chompHeredocContent(h.content) : h.content,
      expand: h.expand,
    })),
    prependShell: !req.json,
  };
}

const NETWORK_MODES = new Set<string>(['default', 'none', 'host']);
const SECURITY_MODES = new Set<string>(['sandbox', 'insecure']);

export function parseRun(req: ParseRequest): RunCommand {
  const f = req.flags;
  const mount = f.addStrings('mount');
  const network = f.addString('network', 'default');
  const security = f.addString('security', 'sandbox');
  const device = f.addStrings('device');
  f.parse();
  // BuildKit's RUN flag hooks run in file order: devices, mounts, network, security.
  const devices = device.values.map(parseDevice);
  for (const m of mount.values) checkMountFlag(m);
  if (!NETWORK_MODES.has(network.value)) throw new UserError(`unsupported network mode ${goQuote(network.value)}`);
  if (!SECURITY_MODES.has(security.value)) throw new UserError(`unsupported security mode ${goQuote(security.value)}`);
  return {
    name: 'run',
    original: req.original,
    location: req.location,
    ...shellDependentCommand(req),
    mountFlags: mount.values,
    network: network.used ? (network.value as NetworkMode) : undefined,
    security: security.used ? (security.value as SecurityMode) : undefined,
    devices,
  };
}

export function parseCmd(req: ParseRequest): CmdCommand {
  req.flags.parse();
  return { name: 'cmd', original: req.original, location: req.location, ...shellDependentCommand(req) };
}

/** An empty `cmdLine` here means "no entrypoint" (BuildKit stores nil, resetting the base's). */
export function parseEntrypoint(req: ParseRequest): EntrypointCommand {
  req.flags.parse();
  return { name: 'entrypoint', original: req.original, location: req.location, ...shellDependentCommand(req) };
}

export function parseShell(req: ParseRequest): ShellCommand {
  req.flags.parse();
  const shell = handleJSONArgs(req.args, req.json);
  if (shell.length === 0) throw errAtLeastOneArgument('SHELL');
  if (!req.json) throw errNotJSON('SHELL');
  return { name: 'shell', original: req.original, location: req.location, shell };
}

const MINIMUM_DURATION_NS = 1e6;

/** A HEALTHCHECK duration flag in ns; "" and 0 mean unset (inherit); else below 1ms is an error. */
function parseOptInterval(flag: Flag): number {
  if (flag.value === '') return 0;
  const d = parseGoDuration(flag.value);
  if (d === 0) return 0;
  if (d < MINIMUM_DURATION_NS) throw new UserError(`Interval ${goQuote(flag.name)} cannot be less than 1ms`);
  return d;
}

function parseRetries(value: string): number {
  if (value === '') return 0;
  if (!/^[+-]?[0-9]+$/.test(value)) throw new UserError(`strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
  const n = Number.parseInt(value, 10);
  if (n > 2 ** 31 - 1 || n < -(2 ** 31)) throw new UserError(`strconv.ParseInt: parsing ${goQuote(value)}: value out of range`);
  if (n < 0) throw new UserError(`--retries cannot be negative (${n})`);
  return n;
}

export function parseHealthcheck(req: ParseRequest): HealthcheckCommand {
  if (req.args.length === 0) throw errAtLeastOneArgument('HEALTHCHECK');
  const base = { name: 'healthcheck' as const, original: req.original, location: req.location };
  const typ = req.args[0]!.toUpperCase();
  const args = req.args.slice(1);
  const none = { test: [], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 };
  if (typ === 'NONE') {
    // Flags are not even looked at for NONE, as in BuildKit.
    if (args.length !== 0) throw new UserError('HEALTHCHECK NONE takes no arguments');
    return { ...base, health: { ...none, test: ['NONE'] } };
  }
  const f = req.flags;
  const interval = f.addString('interval');
  const timeout = f.addString('timeout');
  const startPeriod = f.addString('start-period');
  const startInterval = f.addString('start-interval');
  const retries = f.addString('retries');
  f.parse();
  if (typ !== 'CMD') throw new UserError(`Unknown type ${goQuote(typ)} in HEALTHCHECK (try CMD)`);
  const cmd = handleJSONArgs(args, req.json);
  if (cmd.length === 0) throw new UserError('Missing command after HEALTHCHECK CMD');
  return {
    ...base,
    health: {
      test: [req.json ? 'CMD' : 'CMD-SHELL', ...cmd],
      interval: parseOptInterval(interval),
      timeout: parseOptInterval(timeout),
      startPeriod: parseOptInterval(startPeriod),
      startInterval: parseOptInterval(startInterval),
      retries: parseRetries(retries.value),
    },
  };
}
