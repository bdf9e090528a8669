// `type=tar` and `type=local`: the flattened root filesystem, taken from a read-only mount of
// the snapshot. With several platforms each gets its own `os_arch[_variant]/` folder, as
// BuildKit's platform-split default does; merged into one (`platform-split=false`), two platforms
// may not both write a file at the same path.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { packDirInto } from '../layer/tar-tree.js';
import { TarWriter } from '../layer/tar-writer.js';
import type { Platform } from '../oci/types.js';
import { formatPlatform } from '../platform.js';
import { walkSelected } from '../fs/walk.js';
import { UserError } from '../../errors.js';
import type { ExporterSpec, TargetResponse } from '../request.js';
import { boolAttr, requireDest } from './attrs.js';
import { writeOutput } from './output.js';
import type { ExportContext, ExportInput, Exporter } from './types.js';

const run = promisify(execFile);

function platformDir(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((x) => x).join('_');
}

function splitDirs(spec: ExporterSpec, results: ExportInput[]): (string | undefined)[] {
  const split = boolAttr(spec, 'platform-split', results.length > 1);
  return results.map((r) => (split ? platformDir(r.platform) : undefined));
}

async function withRoot<T>(input: ExportInput, ctx: ExportContext, fn: (root: string) => Promise<T>): Promise<T> {
  const mounted = await ctx.layers.mount(input.snapshot);
  try {
    return await fn(mounted.path);
  } finally {
    await mounted.unmount();
  }
}

async function* rootfsTar(results: ExportInput[], dirs: (string | undefined)[], ctx: ExportContext): AsyncGenerator<Buffer> {
  const out = new TarWriter();
  for (const [i, input] of results.entries()) {
    const dir = dirs[i];
    if (dir) out.header({ name: `${dir}/`, type: 'directory', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: ctx.sourceDateEpoch ?? 0 });
    const mounted = await ctx.layers.mount(input.snapshot);
    try {
      yield* packDirInto(out, mounted.path, { layer: false, sourceDateEpoch: ctx.sourceDateEpoch, prefix: dir ? `${dir}/` : '' });
    } finally {
      await mounted.unmount();
    }
  }
  yield* out.finish();
}

export class TarExporter implements Exporter {
  private readonly dest: string;

  constructor(private readonly spec: ExporterSpec) {
    this.dest = requireDest(spec);
  }

  async export(results: ExportInput[], ctx: ExportContext): Promise<TargetResponse> {
    const dirs = splitDirs(this.spec, results);
    await writeOutput(this.dest, rootfsTar(results, dirs, ctx));
    return {};
  }
}

/**
 * Platforms exported into one folder must not overlap in anything but directories: BuildKit's
 * local exporter refuses to let one platform's file replace another's.
 */
async function checkMergedPaths(results: ExportInput[], ctx: ExportContext): Promise<void> {
  const owner = new Map<string, string>();
  for (const input of results) {
    const platform = formatPlatform(input.platform);
    const entries = await withRoot(input, ctx, (root) => walkSelected(root, {}));
    for (const e of entries) {
      if (e.stat.isDirectory()) continue;
      const first = owner.get(e.rel);
      if (first !== undefined) throw new UserError(`cannot overwrite ${e.rel} from ${first} with ${platform} when split option is disabled`);
      owner.set(e.rel, platform);
    }
  }
}

export class LocalExporter implements Exporter {
  private readonly dest: string;

  constructor(private readonly spec: ExporterSpec) {
    this.dest = requireDest(this.spec);
  }

  async export(results: ExportInput[], ctx: ExportContext): Promise<TargetResponse> {
    const dirs = splitDirs(this.spec, results);
    if (results.length > 1 && dirs.some((d) => d === undefined)) await checkMergedPaths(results, ctx);
    for (const [i, input] of results.entries()) {
      const target = dirs[i] ? join(resolve(this.dest), dirs[i]!) : resolve(this.dest);
      await mkdir(target, { recursive: true });
      await withRoot(input, ctx, (root) => run('cp', ['-a', '--', `${root}/.`, `${target}/`]));
    }
    return {};
  }
}
