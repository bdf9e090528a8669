// Snapshots as layers on disk. A layer is one directory of changes in overlayfs format
// (whiteouts as 0/0 character devices, opaque directories marked with the
// `trusted.overlay.opaque=y` xattr); a snapshot is a stack of layers, bottom first. Exec and file
// ops run on an overlay mount of the stack with a fresh upper directory, which becomes the new
// layer. Layers are immutable once committed.

/** A stack of committed layer ids, bottom first. Empty = scratch. */
export interface Snapshot {
  layers: string[];
}

/** A layer being written; `commit()` makes it visible under its id, `discard()` removes it. */
export interface ActiveLayer {
  id: string;
  /** The directory to write changes into (the overlay upper dir). */
  dir: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export interface MountedRoot {
  /** The merged root filesystem. */
  path: string;
  unmount(): Promise<void>;
}

export interface LayerStore {
  /** The directory of a committed layer's changes (overlay format). */
  diffDir(id: string): string;
  has(id: string): boolean;
  /** Starts a new layer under a caller-chosen id (e.g. derived from the cache key). */
  create(id: string): Promise<ActiveLayer>;
  /**
   * Mounts `snapshot` as a root filesystem: writable into `upper` when given (overlayfs with
   * upper/work dirs), read-only otherwise. Falls back to copying where overlay is unavailable.
   */
  mount(snapshot: Snapshot, upper?: ActiveLayer): Promise<MountedRoot>;
}
