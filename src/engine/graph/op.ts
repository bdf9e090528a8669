// The build graph's operations: a closed discriminated union, the TypeScript counterpart of
// BuildKit's LLB `pb.Op` oneof. A vertex's digest is the hash of its canonical JSON (see
// digest.ts); everything that must not change the digest (descriptions, progress names) lives
// in VertexMeta beside it, never inside the op.
import type { Digest, Platform } from '../oci/types.js';

/** A reference to another vertex's output. `index` selects among an op's outputs (exec mounts). */
export interface Input {
  vertex: Digest;
  index: number;
}

/** Where an op's filesystem input comes from: another vertex's output, or nothing (scratch). */
export type InputRef = number | 'scratch';

export type SourceOp =
  /** A registry image, resolved to a manifest digest before solving (issue 5). */
  | { type: 'image'; ref: string; platform: Platform }
  /** An image in an OCI layout on disk: `oci-layout://path[:tag|@digest]`. */
  | { type: 'oci-layout'; path: string; ref: string; platform: Platform }
  /**
   * A local directory the session serves (the build context, a named local context). Only the
   * paths matching `include` (and not `exclude`, .dockerignore already applied by the frontend)
   * are part of the vertex, so a COPY's source vertex names exactly what it reads.
   */
  | { type: 'local'; name: string; include?: string[]; exclude?: string[]; followPaths?: string[] }
  /** A file fetched over HTTP(S) by ADD. */
  | { type: 'http'; url: string; checksum?: string; filename?: string }
  /**
   * A git repository's tree at `commit` (pinned from `ref` by ls-remote before solving, so the
   * digest changes exactly when the remote does), or its `subdir`; `.git` only with keepGitDir.
   */
  | { type: 'git'; remote: string; ref: string; commit: string; subdir?: string; keepGitDir?: boolean };

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';

export interface ExecMount {
  type: MountType;
  /** Index into the vertex inputs, or 'scratch'. The root mount (dest '/') is always present. */
  input: InputRef;
  /** A path inside the input to mount instead of its root. */
  selector?: string;
  dest: string;
  readonly: boolean;
  /** The output index this mount's changes produce, or -1 when discarded (ro, bind rw). */
  output: number;
  cache?: { id: string; sharing: 'shared' | 'private' | 'locked' };
  tmpfs?: { size?: number };
  secret?: { id: string; uid: number; gid: number; mode: number; optional: boolean; env?: string };
  ssh?: { id: string; uid: number; gid: number; mode: number; optional: boolean };
}

export interface ExecOp {
  args: string[];
  env: string[];
  cwd: string;
  user: string;
  network: 'sandbox' | 'host' | 'none';
  security: 'sandbox' | 'insecure';
  mounts: ExecMount[];
  /** Proxy variables: given to the process but never part of the digest or cache key. */
  proxyEnv?: string[];
  hostname?: string;
  extraHosts?: { host: string; ip: string }[];
  /** CDI devices asked for (`RUN --device`), by qualified name; see solver/cdi-devices.ts. */
  cdiDevices?: { name: string; optional: boolean }[];
}

/** uid/gid, or a user/group name resolved in the destination rootfs at run time. */
export interface ChownOpt {
  user?: { id: number } | { name: string };
  group?: { id: number } | { name: string };
}

export type FileAction =
  | {
      kind: 'copy';
      /** Index into the vertex inputs holding the source files. */
      src: InputRef;
      srcPath: string;
      destPath: string;
      owner?: ChownOpt;
      /** Octal mode bits, or a symbolic mode string (`u+x`) applied per file. */
      mode?: number | string;
      followSymlink: boolean;
      dirCopyContents: boolean;
      attemptUnpackDockerCompatibility: boolean;
      createDestPath: boolean;
      allowWildcard: boolean;
      allowEmptyWildcard: boolean;
      alwaysReplaceExistingDestPaths?: boolean;
      includePatterns?: string[];
      excludePatterns?: string[];
      /** COPY --parents: keep the source path structure below the `/./` pivot. */
      parents?: boolean;
      /** SOURCE_DATE_EPOCH-style fixed mtime (unix seconds) for copied files. */
      timestamp?: number;
    }
  | { kind: 'mkdir'; path: string; mode: number; makeParents: boolean; owner?: ChownOpt; timestamp?: number }
  | { kind: 'mkfile'; path: string; data: string; mode: number; owner?: ChownOpt; timestamp?: number }
  | { kind: 'rm'; path: string; allowNotFound: boolean; allowWildcard: boolean };

/** File actions applied in order onto `base` (an input index or scratch). */
export interface FileOp {
  base: InputRef;
  actions: FileAction[];
}

export type Op =
  | { kind: 'source'; source: SourceOp }
  | { kind: 'exec'; exec: ExecOp }
  | { kind: 'file'; file: FileOp }
  /** Layers of every input stacked in order (COPY --link). */
  | { kind: 'merge' };

/** One vertex: the op, its inputs (order matters: indices refer into it) and its platform. */
export interface Vertex {
  op: Op;
  inputs: Input[];
  /** The platform the op runs for (exec needs it to pick an emulator); absent for sources that do not care. */
  platform?: Platform;
  /** Part of the digest: the vertex is never taken from cache (`--no-cache`, no-cache-filter). */
  ignoreCache?: boolean;
}

/** Never hashed: what progress output and errors show for a vertex. */
export interface VertexMeta {
  /** `[app build 3/5] RUN make` as BuildKit names steps. */
  name: string;
  /** Where the step came from, for errors: Dockerfile path and 1-based line range. */
  source?: { file: string; startLine: number; endLine: number };
  /** The targets whose graphs contain this vertex (filled when graphs are merged). */
  targets?: string[];
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
