// Compiles one Dockerfile for one target × platform into a build graph and the image config
// BuildKit would produce: parse, compute the global args, dispatch the stages the target
// reaches (compiler.ts), then finish the image (labels from the build, platform).
import { marshal, State } from '../../../graph/state.js';
import type { ImageConfig } from '../../../oci/types.js';
import { parseDockerfile } from '../instructions/parse.js';
import { ShellLex } from '../shell/lex.js';
import { globalArgs, platformArgs, unusedArgsWarning } from './args.js';
import { StageCompiler } from './compiler.js';
import { epochTime } from './image.js';
import type { ConvertContext, DispatchState } from './dispatch-state.js';
import { stageDisplayName, targetIndex } from './stages.js';
import type { CompileOptions, CompileResult } from './types.js';
import { UserError } from '../../../../errors.js';

function finalImage(opts: CompileOptions, d: DispatchState): ImageConfig {
  const image = structuredClone(d.image);
  if (Object.keys(opts.labels).length > 0) image.config.Labels = { ...(image.config.Labels ?? {}), ...opts.labels };
  image.os = d.platform.os;
  image.architecture = d.platform.architecture;
  if (d.platform.variant) image.variant = d.platform.variant;
  else delete image.variant;
  if (opts.sourceDateEpoch !== undefined) image.created = epochTime(opts.sourceDateEpoch);
  return image;
}

export async function compileDockerfile(opts: CompileOptions): Promise<CompileResult> {
  const { filename, text } = opts.dockerfile;
  const parsed = parseDockerfile(text, filename);
  if (parsed.stages.length === 0) throw new UserError(`${filename}: the Dockerfile has no stage (no FROM instruction)`);
  const target = targetIndex(parsed.stages, opts.target);
  const lex = new ShellLex(parsed.escapeToken);
  const used = new Set<string>();
  const predefined = platformArgs(opts.platform, opts.buildPlatform, stageDisplayName(parsed.stages[target]!, target));
  const warnings = parsed.warnings.map((w) => `${filename}:${w.line}: ${w.message}`);
  const localName = '[internal] load build context';
  const excludes = opts.contextExcludes.length > 0 ? opts.contextExcludes : undefined;
  const shared: Omit<ConvertContext, 'resolveFrom'> = {
    opts,
    lex,
    globalArgs: globalArgs(parsed.metaArgs, opts.buildArgs, predefined, lex, used),
    usedBuildArgs: used,
    warnings,
    context: (include) =>
      opts.remoteContext
        ? State.fromDefinition(opts.remoteContext.definition, opts.remoteContext.root)
        : State.source({ type: 'local', name: opts.contextName, include, exclude: excludes }, { meta: { name: localName } }),
  };
  const d = await new StageCompiler(shared, parsed.stages).stage(target);
  const unused = unusedArgsWarning(opts.buildArgs, used);
  if (unused) warnings.push(unused);
  return {
    definition: marshal([d.state], [opts.targetName]),
    root: d.state.output(),
    image: finalImage(opts, d),
    warnings,
  };
}
