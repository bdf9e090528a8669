// Stage resolution: the target stage, stages by name or index, and what a FROM or `--from`
// reference means (a stage, a named context, or an image). Only stages the target reaches are
// ever dispatched, so unreachable stages create no vertex and resolve no image.
import { UserError } from '../../../../errors.js';
import type { Platform } from '../../../oci/types.js';
import type { Stage } from '../instructions/commands.js';

/** The index of the stage to build: `target` by name (case-insensitive; never an index), else the last. */
export function targetIndex(stages: Stage[], target: string | undefined): number {
  if (target === undefined || target === '') return stages.length - 1;
  const found = stages.findLastIndex((s) => s.name === target.toLowerCase());
  if (found >= 0) return found;
  throw new UserError(`target stage "${target}" could not be found`);
}

/** The display name of a stage in step names: its `AS` name or `stage-N`. */
export function stageDisplayName(stage: Stage, index: number): string {
  return stage.name ?? `stage-${index}`;
}

/**
 * A stage reference of `COPY --from`/`--mount from=`: an index or a name; undefined = not a stage.
 * Names may repeat: as in BuildKit, the last stage of that name wins (for FROM, the last before).
 */
export function findStage(stages: Stage[], ref: string): number | undefined {
  if (/^\d+$/.test(ref)) {
    const i = Number(ref);
    return i < stages.length ? i : undefined;
  }
  const i = stages.findLastIndex((s) => s.name === ref.toLowerCase());
  return i >= 0 ? i : undefined;
}

/**
 * A `FROM name` refers to a stage only when that stage comes earlier in the file. Unlike
 * `--from`, the name is not lower-cased (BuildKit's addState looks the base name up as written),
 * so `FROM Builder` is an image reference even after `AS builder`.
 */
export function findBaseStage(stages: Stage[], before: number, ref: string): number | undefined {
  const i = stages.findLastIndex((s, idx) => idx < before && s.name === ref);
  return i >= 0 ? i : undefined;
}

/** Key of a memoised image resolution. */
export function imageKey(ref: string, platform: Platform): string {
  return `${ref}|${platform.os}/${platform.architecture}/${platform.variant ?? ''}`;
}

/**
 * The key a reference is looked up under in the named contexts: its familiar form without
 * `:latest`, as BuildKit's dockerui does (`docker.io/library/alpine:latest` → `alpine`).
 */
export function namedContextKey(ref: string): string {
  let name = ref.toLowerCase();
  for (const prefix of ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'index.docker.io/']) {
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  return name.endsWith(':latest') && !name.includes('@') ? name.slice(0, -':latest'.length) : name;
}
