// Entry point of the instruction layer (BuildKit instructions.Parse): Dockerfile text →
// stages of typed commands, the global ARGs before the first FROM, directives and warnings.
import { UserError } from '../../../../errors.js';
import { DockerfileError, LineIndex } from '../parser/errors.js';
import type { Node } from '../parser/node.js';
import { parse } from '../parser/parser.js';
import type { ArgCommand, Command, DockerfileParseResult, Stage } from './commands.js';
import { parseAdd, parseCopy } from './parse-copy.js';
import { parseCmd, parseEntrypoint, parseHealthcheck, parseRun, parseShell } from './parse-run.js';
import * as simple from './parse-simple.js';
import { requestFromNode, type ParseRequest } from './request.js';
import { suggestInstruction } from './suggest.js';

const PARSERS: Record<string, (req: ParseRequest) => Command | Stage> = {
  add: parseAdd,
  arg: simple.parseArg,
  cmd: parseCmd,
  copy: parseCopy,
  entrypoint: parseEntrypoint,
  env: simple.parseEnv,
  expose: simple.parseExpose,
  from: simple.parseFrom,
  healthcheck: parseHealthcheck,
  label: simple.parseLabel,
  maintainer: simple.parseMaintainer,
  onbuild: simple.parseOnbuild,
  run: parseRun,
  shell: parseShell,
  stopsignal: simple.parseStopSignal,
  user: simple.parseUser,
  volume: simple.parseVolume,
  workdir: simple.parseWorkdir,
};

/** Parses one instruction node into its typed command, or a Stage for FROM. */
export function parseInstruction(node: Node): Command | Stage {
  const req = requestFromNode(node);
  const parser = Object.prototype.hasOwnProperty.call(PARSERS, req.command) ? PARSERS[req.command] : undefined;
  if (!parser) throw new UserError(`unknown instruction: ${node.value}${suggestInstruction(node.value)}`);
  return parser(req);
}

function isStage(v: Command | Stage): v is Stage {
  return 'baseName' in v;
}

/** Groups the instruction nodes of a parsed file into stages (throws on the first bad one). */
export function parseInstructions(ast: Node, filename: string, index: LineIndex): { stages: Stage[]; metaArgs: ArgCommand[] } {
  const stages: Stage[] = [];
  const metaArgs: ArgCommand[] = [];
  for (const node of ast.children) {
    try {
      const cmd = parseInstruction(node);
      if (isStage(cmd)) stages.push(cmd);
      else if (stages.length === 0 && cmd.name === 'arg') metaArgs.push(cmd);
      else if (stages.length === 0) throw new UserError('no build stage in current context');
      else stages[stages.length - 1]!.commands.push(cmd);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      throw new DockerfileError(err.message, index.range(filename, node.startLine, node.endLine), { cause: err });
    }
  }
  return { stages, metaArgs };
}

/** Parses a Dockerfile. Errors are DockerfileErrors (`Dockerfile:LINE: message`). */
export function parseDockerfile(text: string, filename: string): DockerfileParseResult {
  const result = parse(text, { filename });
  const { stages, metaArgs } = parseInstructions(result.ast, filename, new LineIndex(text));
  return {
    stages,
    metaArgs,
    directives: result.directives,
    escapeToken: result.escapeToken,
    warnings: result.warnings,
  };
}
