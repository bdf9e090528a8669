// Long-lived helper processes (the shells, the Perl helper) hold Node's event loop open only
// while they have work: the child and its piped stdio (sockets) are ref'd and unref'd together.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';

export function keepAlive(child: ChildProcessWithoutNullStreams, busy: boolean): void {
  const streams = [child.stdin, child.stdout, child.stderr] as unknown[] as Socket[];
  if (busy) {
    child.ref();
    for (const s of streams) s.ref();
  } else {
    child.unref();
    for (const s of streams) s.unref();
  }
}
