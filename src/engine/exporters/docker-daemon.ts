// `--load` into a Docker daemon: reachable when DOCKER_HOST names one (a unix socket that exists,
// or a tcp/ssh address the CLI dials) or /var/run/docker.sock is a socket. The archive goes to
// `docker load` on stdin, so the CLI handles the daemon's API version and authentication.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../../errors.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/** The daemon address `docker` would use, or undefined when no daemon can be reached. */
export function dockerDaemon(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const host = env['DOCKER_HOST'];
  if (host) {
    if (!host.startsWith('unix://')) return host;
    return isSocket(host.slice('unix://'.length)) ? host : undefined;
  }
  return isSocket(DEFAULT_DOCKER_SOCKET) ? `unix://${DEFAULT_DOCKER_SOCKET}` : undefined;
}

/** Streams a docker-archive into `docker load`; resolves with what it printed (`Loaded image: ...`). */
export async function dockerLoad(archive: Readable, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const child = spawn('docker', ['load'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code) => res(code ?? 255));
  });
  // A CLI that exits early closes stdin: its exit code and message say why, not the EPIPE.
  await pipeline(archive, child.stdin).catch(() => undefined);
  const code = await exited.catch((err: unknown) => {
    throw new UserError(`docker load: ${err instanceof Error ? err.message : String(err)} (is the docker CLI installed?)`);
  });
  if (code !== 0) throw new UserError(`docker load failed (exit code ${code}): ${output.trim().split('\n').pop() ?? ''}`);
  return output.trim();
}
