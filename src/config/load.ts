// From definition files to one evaluated config: Compose files parsed together first, then all
// HCL/JSON files evaluated as one body (buildx's ParseFiles). Targets keep their order: compose
// targets first, so HCL definitions of the same name merge over them.
import { dirname } from 'node:path';
import { evaluateBake } from './evaluate.js';
import { readDotEnv } from './files/dotenv.js';
import { detectFormat, parseBakeFile, type ParsedBakeFile } from './files/detect.js';
import { lookupEnv } from './files/env.js';
import { fileRelativePaths, relativeToFiles, withDefaultContexts } from './files/relative.js';
import type { ConfigFile, EvaluatedConfig, RawTarget } from './types.js';

export { readConfigFiles, DEFAULT_FILES } from './files/discover.js';

export interface LoadOptions {
  cwd: string;
  /** The process environment. */
  env: Record<string, string | undefined>;
  /** `--var name=value`. */
  vars: Record<string, string>;
  /** BAKE_CMD_CONTEXT, BAKE_LOCAL_PLATFORM. */
  builtins: Record<string, string>;
}

/** Compose interpolation sees `.env`, then the process environment, then `--var` values. */
function composeEnv(opts: LoadOptions): Record<string, string | undefined> {
  const env = lookupEnv(opts.env);
  return { ...readDotEnv(opts.cwd, env), ...env, ...opts.vars };
}

/** BUILDX_BAKE_FILE_RELATIVE_PATHS: Compose targets are relative to the first Compose file's directory. */
function relativeTargets(composeTargets: RawTarget[], composeDir: string, bakeTargets: RawTarget[]): RawTarget[] {
  const fromCompose = new Set(relativeToFiles(composeTargets, composeDir));
  const all = [...fromCompose, ...relativeToFiles(bakeTargets)];
  return withDefaultContexts(all, (t) => (fromCompose.has(t) ? composeDir : dirname(t.range?.filename ?? '.')));
}

export async function loadConfig(files: readonly ConfigFile[], opts: LoadOptions): Promise<EvaluatedConfig> {
  // Read before any file is parsed, so a bad value is reported first as in buildx.
  const relative = fileRelativePaths(opts.env);
  const compose: ConfigFile[] = [];
  const bake: ParsedBakeFile[] = [];
  for (const f of files) {
    const format = await detectFormat(f);
    if (format === 'compose') compose.push(f);
    else bake.push(await parseBakeFile(f, format));
  }
  const fromCompose = compose.length > 0 ? (await import('./compose/index.js')).parseCompose(compose, composeEnv(opts)) : { targets: [], groups: [] };
  const evaluated =
    bake.length > 0
      ? evaluateBake(bake, { env: lookupEnv(opts.env), vars: opts.vars, builtins: opts.builtins })
      : { targets: [], groups: [], variables: [] };
  const targets = relative ? relativeTargets(fromCompose.targets, dirname(compose[0]?.name ?? '.'), evaluated.targets) : [...fromCompose.targets, ...evaluated.targets];
  return {
    targets,
    groups: [...fromCompose.groups, ...evaluated.groups],
    variables: evaluated.variables,
  };
}
