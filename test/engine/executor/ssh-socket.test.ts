// The per-step SSH agent socket: owned and moded as the mount asks, forwarding to the agent.
import { mkdtempSync, statSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sshAgentSocket } from '../../../src/engine/executor/mounts/ssh.js';

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('sshAgentSocket', () => {
  it('listens with the uid, gid and mode asked and relays each connection to the agent', async () => {
    const agentPath = join(mkdtempSync(join(tmpdir(), 'bake-agent-')), 'agent.sock');
    // A stand-in agent that answers every message with its reverse.
    const agent = createServer((c) => c.on('data', (d) => c.write(Buffer.from(d).reverse())));
    await new Promise<void>((res) => agent.listen(agentPath, res));
    const proxy = await sshAgentSocket(agentPath, { uid: 1000, gid: 1001, mode: 0o600 });
    try {
      const st = statSync(proxy.socket);
      expect([st.isSocket(), st.uid, st.gid, st.mode & 0o7777]).toEqual([true, 1000, 1001, 0o600]);
      const reply = await new Promise<string>((res, rej) => {
        const c = createConnection(proxy.socket, () => c.write('abc'));
        c.on('data', (d) => {
          res(d.toString());
          c.end();
        });
        c.on('error', rej);
      });
      expect(reply).toBe('cba');
    } finally {
      await proxy.close();
      agent.close();
    }
    expect(() => statSync(proxy.socket)).toThrow();
  });
});
