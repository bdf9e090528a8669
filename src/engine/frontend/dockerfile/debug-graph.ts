// `debugGraph`: compiles every target × platform of a request, exactly as a build would, and
// prints the merged graph (which steps exist, which targets share them) without running
// anything. By default images resolve only from OCI layouts on disk, read-only.
import { compileRequest } from '../../compile-targets.js';
import { graphToDot, graphToJson } from '../../graph/print.js';
import type { GraphRoots } from '../../graph/print.js';
import type { ImageResolver, ImageSourceRef, ResolvedImage } from '../../image-resolver.js';
import { OciLayout } from '../../oci/layout.js';
import type { Platform } from '../../oci/types.js';
import { formatPlatform, hostPlatform } from '../../platform.js';
import type { SolveRequest } from '../../request.js';
import { UserError } from '../../../errors.js';

/** Resolves `oci-layout` refs from the layout on disk and never writes anything. */
export class ReadOnlyLayoutResolver implements ImageResolver {
  async resolve(ref: ImageSourceRef, platform: Platform): Promise<ResolvedImage> {
    if (ref.type === 'image') throw new UserError(`registry images are not supported yet: ${ref.ref}`);
    const resolved = await new OciLayout(ref.path).resolve(ref.ref, platform);
    return {
      source: { type: 'oci-layout', path: ref.path, ref: resolved.digest, platform },
      manifestDigest: resolved.digest,
      config: resolved.config,
    };
  }
}

export async function debugGraph(
  request: SolveRequest,
  format: 'json' | 'dot',
  resolver: ImageResolver = new ReadOnlyLayoutResolver(),
): Promise<string> {
  const compiled = await compileRequest(request, resolver, hostPlatform());
  const roots: GraphRoots = {};
  for (const [name, results] of compiled.targets) {
    roots[name] = results.map((r) => ({ platform: formatPlatform(r.platform), root: r.root }));
  }
  return format === 'json' ? graphToJson(compiled.definition, roots) : graphToDot(compiled.definition, roots);
}
