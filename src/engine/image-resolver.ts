// How the frontend learns a base image's config (Env, WorkingDir, OnBuild...) and the pinned
// source op to build on. Implemented by the OCI-layout reader (and the registry client later).
import type { SourceOp } from './graph/op.js';
import type { Digest, ImageConfig, Platform } from './oci/types.js';

export type ImageSourceRef =
  | { type: 'image'; ref: string }
  | { type: 'oci-layout'; path: string; ref: string };

export interface ResolvedImage {
  /** The source op pinned to a manifest digest (`ref` rewritten to `...@sha256:`). */
  source: SourceOp;
  manifestDigest: Digest;
  config: ImageConfig;
}

export interface ImageResolver {
  resolve(ref: ImageSourceRef, platform: Platform): Promise<ResolvedImage>;
}
