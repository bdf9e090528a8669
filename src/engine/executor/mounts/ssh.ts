// RUN --mount=type=ssh: the step gets a socket of its own, owned and moded as the mount asks
// (uid=, gid=, mode=; root 0600 by default), that forwards each connection to the client's agent,
// as BuildKit serves forwarded agents. Binding the agent's socket itself would keep its owner and
// mode, so a step run as another user could not reach it.
import { createConnection, createServer, type Socket } from 'node:net';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SshAgentSocket {
  /** Host path of the socket to bind-mount. */
  socket: string;
  close(): Promise<void>;
}

export async function sshAgentSocket(agent: string, opts: { uid: number; gid: number; mode: number }): Promise<SshAgentSocket> {
  const dir = await mkdtemp(join(tmpdir(), 'bake-ssh-'));
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(agent);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      // Either side failing ends the pair; the step sees a closed connection.
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const close = async (): Promise<void> => {
    for (const s of open) s.destroy();
    await new Promise<void>((res) => server.close(() => res()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // The container's user must reach the socket; the random dir name keeps it unguessable.
    await chmod(dir, 0o711);
    const socket = join(dir, 'agent.sock');
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(socket, () => res());
    });
    await chown(socket, opts.uid, opts.gid);
    await chmod(socket, opts.mode);
    return { socket, close };
  } catch (err) {
    await close();
    throw err;
  }
}
