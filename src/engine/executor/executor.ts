// The boundary between build steps and the OCI runtime that runs them (BuildKit's
// executor.Executor): the exec op prepares filesystems, the executor runs one process in a
// container over them. Only runc.ts knows how a container is actually started.

/** A filesystem made visible inside the container. */
export interface Mount {
  /** `bind` of a host path, or a fresh `tmpfs`. */
  type: 'bind' | 'tmpfs';
  /** Host path of a bind mount; ignored for tmpfs. */
  source: string;
  /** Absolute path inside the container. */
  dest: string;
  readonly: boolean;
  /** tmpfs size limit in bytes. */
  size?: number;
}

export interface ProcessUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

/** The process to run and the sandbox around it. */
export interface ProcessInfo {
  args: string[];
  /** `KEY=value` entries. */
  env: string[];
  /** Working directory, created in the root when missing (as BuildKit does). */
  cwd: string;
  user: ProcessUser;
  /** `sandbox` gets its own network namespace with loopback only; `none` the same. */
  network: 'sandbox' | 'host' | 'none';
  /** `insecure` runs privileged: all capabilities, all devices, writable /sys. */
  security: 'sandbox' | 'insecure';
  hostname?: string;
  extraHosts?: { host: string; ip: string }[];
  /** Called with the process's output as it arrives. */
  output(stream: 1 | 2, data: Uint8Array): void;
}

/** A process that ran to completion; a non-zero exit code is for the caller to judge. */
export interface RunResult {
  exitCode: number;
}

export interface Executor {
  /**
   * Runs `proc` with `rootfs` (a writable host directory) as `/` plus `mounts`. Resolves when
   * the process exits; rejects when the runtime itself fails. Aborting `signal` kills the
   * container and rejects; the container is always deleted before this settles.
   */
  run(rootfs: string, mounts: Mount[], proc: ProcessInfo, signal: AbortSignal): Promise<RunResult>;
}

/** The default sandbox hostname, as BuildKit names it. */
export const DEFAULT_HOSTNAME = 'buildkitsandbox';
