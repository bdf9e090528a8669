// The instructions with plain word arguments: FROM, ENV, LABEL, ARG, ONBUILD, WORKDIR, USER,
// VOLUME, EXPOSE, STOPSIGNAL, MAINTAINER (BuildKit instructions/parse.go).
import { UserError } from '../../../../errors.js';
import { goQuote } from '../../../../strconv.js';
import type {
  ArgCommand,
  EnvCommand,
  ExposeCommand,
  KeyValuePair,
  KeyValuePairOptional,
  LabelCommand,
  MaintainerCommand,
  OnbuildCommand,
  Stage,
  StopSignalCommand,
  UserCommand,
  VolumeCommand,
  WorkdirCommand,
} from './commands.js';
import { errAtLeastOneArgument, errBlankCommandNames, errExactlyOneArgument, type ParseRequest } from './request.js';

const base = (req: ParseRequest) => ({ original: req.original, location: req.location });

/** ENV/LABEL words come in (key, value, separator) triples; separator "" = legacy `K V` form. */
function parseKvps(args: string[], cmd: string): KeyValuePair[] {
  if (args.length === 0) throw errAtLeastOneArgument(cmd);
  if (args.length % 3 !== 0) throw new UserError(`Bad input to ${cmd}, too many arguments`);
  const out: KeyValuePair[] = [];
  for (let i = 0; i < args.length; i += 3) {
    if (args[i] === '') throw errBlankCommandNames(cmd);
    out.push({ key: args[i]!, value: args[i + 1]!, noDelim: args[i + 2] === '' });
  }
  return out;
}

export function parseEnv(req: ParseRequest): EnvCommand {
  req.flags.parse();
  return { name: 'env', ...base(req), env: parseKvps(req.args, 'ENV') };
}

export function parseLabel(req: ParseRequest): LabelCommand {
  req.flags.parse();
  return { name: 'label', ...base(req), labels: parseKvps(req.args, 'LABEL') };
}

export function parseMaintainer(req: ParseRequest): MaintainerCommand {
  if (req.args.length !== 1) throw errExactlyOneArgument('MAINTAINER');
  req.flags.parse();
  return { name: 'maintainer', ...base(req), maintainer: req.args[0]! };
}

/** ARG takes no flags in BuildKit: they are not validated (nor used). */
export function parseArg(req: ParseRequest): ArgCommand {
  if (req.args.length === 0) throw errAtLeastOneArgument('ARG');
  const args = req.args.map((arg): KeyValuePairOptional => {
    const eq = arg.indexOf('=');
    if (eq < 0) return { key: arg };
    if (eq === 0) throw errBlankCommandNames('ARG');
    return { key: arg.slice(0, eq), value: arg.slice(eq + 1) };
  });
  return { name: 'arg', ...base(req), args };
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

export function parseFrom(req: ParseRequest): Stage {
  const { args } = req;
  let name: string | undefined;
  let origName: string | undefined;
  if (args.length === 3 && args[1]!.toLowerCase() === 'as') {
    origName = args[2]!;
    name = origName.toLowerCase();
    if (!STAGE_NAME.test(name)) {
      throw new UserError(`invalid name for build stage: ${goQuote(origName)}, name can't start with a number or contain symbols`);
    }
  } else if (args.length !== 1) throw new UserError('FROM requires either one or three arguments');
  const platform = req.flags.addString('platform');
  req.flags.parse();
  return {
    name,
    origName,
    baseName: args[0]!,
    platform: platform.used ? platform.value : undefined,
    commands: [],
    original: req.original.trim(),
    location: req.location,
  };
}

const ONBUILD_PREFIX = /^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/i;

export function parseOnbuild(req: ParseRequest): OnbuildCommand {
  if (req.args.length === 0) throw errAtLeastOneArgument('ONBUILD');
  req.flags.parse();
  const trigger = req.args[0]!.trim().toUpperCase();
  if (trigger === 'ONBUILD') throw new UserError('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  if (trigger === 'MAINTAINER' || trigger === 'FROM') throw new UserError(`${trigger} isn't allowed as an ONBUILD trigger`);
  let expression = req.original.replace(ONBUILD_PREFIX, '');
  for (const h of req.heredocs) expression += '\n' + h.content + h.name;
  return { name: 'onbuild', ...base(req), expression };
}

export function parseWorkdir(req: ParseRequest): WorkdirCommand {
  if (req.args.length !== 1) throw errExactlyOneArgument('WORKDIR');
  req.flags.parse();
  return { name: 'workdir', ...base(req), path: req.args[0]! };
}

export function parseUser(req: ParseRequest): UserCommand {
  if (req.args.length !== 1) throw errExactlyOneArgument('USER');
  req.flags.parse();
  return { name: 'user', ...base(req), user: req.args[0]! };
}

export function parseVolume(req: ParseRequest): VolumeCommand {
  if (req.args.length === 0) throw errAtLeastOneArgument('VOLUME');
  req.flags.parse();
  const volumes = req.args.map((v) => {
    const t = v.trim();
    if (t === '') throw new UserError('VOLUME specified can not be an empty string');
    return t;
  });
  return { name: 'volume', ...base(req), volumes };
}

export function parseExpose(req: ParseRequest): ExposeCommand {
  if (req.args.length === 0) throw errAtLeastOneArgument('EXPOSE');
  req.flags.parse();
  // Go's sort.Strings orders by bytes; comparing code units matches it for BMP text.
  const ports = [...req.args].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { name: 'expose', ...base(req), ports };
}

/** STOPSIGNAL takes no flags in BuildKit: they are not validated (nor used). */
export function parseStopSignal(req: ParseRequest): StopSignalCommand {
  if (req.args.length !== 1) throw errExactlyOneArgument('STOPSIGNAL');
  return { name: 'stopsignal', ...base(req), signal: req.args[0]! };
}
