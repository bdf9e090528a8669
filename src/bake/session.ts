// The client side of the engine's session: serves the build's local directories and the
// targets' secrets and SSH sockets when a step asks. Local directories are named by their
// absolute path (the frontend names sources that way), and only registered ones are served.
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { BuildTarget, SecretSpec } from '../engine/request.js';
import type { LocalDir, Session } from '../engine/session.js';

export class ClientSession implements Session {
  private readonly dirs = new Set<string>();
  private readonly secrets = new Map<string, SecretSpec>();
  private readonly ssh = new Map<string, string>();

  constructor(targets: BuildTarget[]) {
    for (const t of targets) {
      this.dirs.add(t.context);
      for (const value of Object.values(t.contexts)) if (value.startsWith('/')) this.dirs.add(value);
      for (const s of t.secrets) this.secrets.set(s.id, s);
      for (const s of t.ssh) {
        const socket = s.paths[0] ?? (s.id === 'default' ? process.env['SSH_AUTH_SOCK'] : undefined);
        if (socket) this.ssh.set(s.id, socket);
      }
    }
  }

  localDir(name: string): LocalDir {
    if (!this.dirs.has(name)) throw new UserError(`no local context registered as ${name}`);
    return { dir: name, excludes: [] };
  }

  async secret(id: string): Promise<Uint8Array | undefined> {
    const spec = this.secrets.get(id);
    if (!spec) return undefined;
    if (spec.env !== undefined) {
      const value = process.env[spec.env];
      return value === undefined ? undefined : new TextEncoder().encode(value);
    }
    // buildx: a secret with neither src nor env reads the environment variable named like its id.
    if (spec.src === undefined) {
      const value = process.env[spec.id];
      return value === undefined ? undefined : new TextEncoder().encode(value);
    }
    try {
      return await readFile(spec.src);
    } catch (err) {
      throw new UserError(`failed to read secret ${id} from ${spec.src}`, { cause: err });
    }
  }

  sshSocket(id: string): string | undefined {
    return this.ssh.get(id);
  }
}
