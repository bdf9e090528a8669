// Evaluates the HCL/JSON bake files of one invocation: all bodies are merged into one (a variable
// from file B is usable in file A), variables and functions resolve lazily, then every target and
// group block is evaluated to plain values for the bake layer.
import type { Body } from './hcl/ast.js';
import type { EvalOptions, EvaluatedConfig } from './types.js';
import { BakeGlobals } from './evaluate/globals.js';
import { evaluateGroups } from './evaluate/groups.js';
import { evaluateTargets } from './evaluate/targets.js';

export interface ParsedFile {
  filename: string;
  body: Body;
}

export function evaluateBake(files: ParsedFile[], opts: EvalOptions): EvaluatedConfig {
  const globals = new BakeGlobals(mergeBodies(files), opts);
  globals.variables.resolveAll();
  globals.resolveAttributes();
  const groups = evaluateGroups(globals.blocks.group, globals.refs);
  const matrix = evaluateTargets(globals.blocks.target, globals.refs, globals.scope);
  return {
    targets: matrix.targets,
    groups: [...groups, ...matrix.groups],
    variables: globals.variables.info(),
  };
}

/** HCL's MergeFiles: the items of every file, in file order. */
function mergeBodies(files: ParsedFile[]): Body {
  const first = files[0]?.body;
  const range = first?.range ?? {
    filename: '',
    start: { line: 1, column: 1, byte: 0 },
    end: { line: 1, column: 1, byte: 0 },
  };
  return {
    attributes: files.flatMap((f) => f.body.attributes),
    blocks: files.flatMap((f) => f.body.blocks),
    range,
  };
}
