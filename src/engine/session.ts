// What the engine asks the client for while it builds: context directories, secrets, SSH
// agent sockets, registry credentials. The engine calls these lazily, only for the steps that
// need them; secret values never leave the op that mounts them.

export interface LocalDir {
  /** Absolute path of the directory on the client. */
  dir: string;
  /** .dockerignore patterns already read by the client, in file order. */
  excludes: string[];
}

export interface Session {
  /** A local context by name: `context`, `dockerfile`, or a named context. */
  localDir(name: string): LocalDir;
  /** A secret's bytes by id, or undefined when the target declared no such secret. */
  secret(id: string): Promise<Uint8Array | undefined>;
  /** An SSH agent socket path by id (`default` for the user's agent). */
  sshSocket(id: string): string | undefined;
}
