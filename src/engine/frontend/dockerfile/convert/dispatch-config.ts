// Instructions that only change the image config: EXPOSE, VOLUME, SHELL, STOPSIGNAL, HEALTHCHECK,
// CMD, ENTRYPOINT, ONBUILD, MAINTAINER. Command text of CMD/ENTRYPOINT/HEALTHCHECK is never
// expanded here: the container's shell does that at run time.
import type {
  CmdCommand,
  EntrypointCommand,
  ExposeCommand,
  HealthcheckCommand,
  MaintainerCommand,
  OnbuildCommand,
  ShellCommand,
  ShellDependantCmdLine,
  StopSignalCommand,
  VolumeCommand,
} from '../instructions/commands.js';
import type { HealthConfig } from '../../../oci/types.js';
import type { ConvertContext, DispatchState } from './dispatch-state.js';
import { dockerfileError, expand, stageShell } from './dispatch-state.js';
import { goQuoteSlice } from '../parser/quote.js';
import { commitToHistory, goDuration, goList, goRune } from './image.js';
import { parsePortSpec } from './ports.js';

/** The Linux signal names STOPSIGNAL accepts (moby's signal map), without the SIG prefix. */
const SIGNALS = new Set([
  ...('ABRT ALRM BUS CHLD CLD CONT FPE HUP ILL INT IO IOT KILL PIPE POLL PROF PWR QUIT SEGV STKFLT STOP SYS TERM ' +
    'TRAP TSTP TTIN TTOU URG USR1 USR2 VTALRM WINCH XCPU XFSZ RTMIN RTMAX').split(' '),
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

/** A number (Go's Atoi: optional sign, never 0) or a known name, any case, SIG prefix optional. */
function validSignal(signal: string): boolean {
  if (/^[+-]?\d+$/.test(signal)) return Number(signal) !== 0;
  return SIGNALS.has(signal.toUpperCase().replace(/^SIG/, ''));
}

export function dispatchExpose(ctx: ConvertContext, d: DispatchState, c: ExposeCommand): void {
  const ports = new Set<string>();
  for (const raw of c.ports) {
    for (const word of ctx.lex.processWords(raw, d.env)) {
      let parsed: string[];
      try {
        parsed = parsePortSpec(word);
      } catch (err) {
        throw dockerfileError(ctx, c.location, (err as Error).message);
      }
      for (const p of parsed) ports.add(p);
    }
  }
  const exposed = { ...(d.image.config.ExposedPorts ?? {}) };
  for (const p of ports) exposed[p] = {};
  d.image.config.ExposedPorts = exposed;
  const shown = [...ports].sort().map((p) => `${p}:{}`);
  commitToHistory(d.image, `EXPOSE map[${shown.join(' ')}]`, false, ctx.opts.sourceDateEpoch);
}

export function dispatchVolume(ctx: ConvertContext, d: DispatchState, c: VolumeCommand): void {
  const volumes = { ...(d.image.config.Volumes ?? {}) };
  const list = c.volumes.map((v) => expand(ctx, d, v));
  for (const v of list) {
    if (v.trim() === '') throw dockerfileError(ctx, c.location, 'VOLUME specified can not be an empty string');
    volumes[v] = {};
  }
  d.image.config.Volumes = volumes;
  commitToHistory(d.image, `VOLUME ${goList(list)}`, false, ctx.opts.sourceDateEpoch);
}

export function dispatchShell(ctx: ConvertContext, d: DispatchState, c: ShellCommand): void {
  d.image.config.Shell = [...c.shell];
  commitToHistory(d.image, `SHELL ${goList(c.shell)}`, false, ctx.opts.sourceDateEpoch);
}

export function dispatchStopSignal(ctx: ConvertContext, d: DispatchState, c: StopSignalCommand): void {
  const signal = expand(ctx, d, c.signal);
  if (!validSignal(signal)) {
    throw dockerfileError(ctx, c.location, `failed to parse signal: invalid signal: ${signal}`);
  }
  d.image.config.StopSignal = signal;
  commitToHistory(d.image, `STOPSIGNAL ${signal}`, false, ctx.opts.sourceDateEpoch);
}

export function dispatchHealthcheck(ctx: ConvertContext, d: DispatchState, c: HealthcheckCommand): void {
  const h = c.health;
  const config: HealthConfig = { Test: [...h.test] };
  if (h.interval) config.Interval = h.interval;
  if (h.timeout) config.Timeout = h.timeout;
  if (h.startPeriod) config.StartPeriod = h.startPeriod;
  if (h.startInterval) config.StartInterval = h.startInterval;
  if (h.retries) config.Retries = h.retries;
  d.image.config.Healthcheck = config;
  const durations = [h.interval, h.timeout, h.startPeriod, h.startInterval].map((n) => JSON.stringify(goDuration(n)));
  const shown = `&{${goQuoteSlice(h.test)} ${durations.join(' ')} ${goRune(h.retries)}}`;
  commitToHistory(d.image, `HEALTHCHECK ${shown}`, false, ctx.opts.sourceDateEpoch);
}

/** The argv of a CMD/ENTRYPOINT: exec form as is, shell form behind the stage SHELL. */
function commandArgs(d: DispatchState, c: ShellDependantCmdLine): string[] {
  return c.prependShell ? [...stageShell(d), c.cmdLine.join(' ')] : [...c.cmdLine];
}

export function dispatchCmd(ctx: ConvertContext, d: DispatchState, c: CmdCommand): void {
  const args = commandArgs(d, c);
  d.image.config.Cmd = args;
  d.image.config.ArgsEscaped = true;
  d.cmdSet = true;
  commitToHistory(d.image, `CMD ${goQuoteSlice(args)}`, false, ctx.opts.sourceDateEpoch);
}

/** ENTRYPOINT drops an inherited CMD unless this stage set one. */
export function dispatchEntrypoint(ctx: ConvertContext, d: DispatchState, c: EntrypointCommand): void {
  const args = commandArgs(d, c);
  d.image.config.Entrypoint = args.length > 0 ? args : null;
  if (!d.cmdSet) d.image.config.Cmd = null;
  commitToHistory(d.image, `ENTRYPOINT ${goQuoteSlice(args)}`, false, ctx.opts.sourceDateEpoch);
}

/** Stored for images built FROM this one; no history entry. */
export function dispatchOnbuild(d: DispatchState, c: OnbuildCommand): void {
  d.image.config.OnBuild = [...(d.image.config.OnBuild ?? []), c.expression];
}

export function dispatchMaintainer(ctx: ConvertContext, d: DispatchState, c: MaintainerCommand): void {
  d.image.author = c.maintainer;
  commitToHistory(d.image, `MAINTAINER ${c.maintainer}`, false, ctx.opts.sourceDateEpoch);
}
