// Runs `node bin/bake.js ARGS` under GNU time, which reports the child's CPU and peak RSS
// (node cannot see another process's). Output goes to stderr, so spawnSync is used to read it.
import { spawnSync } from 'node:child_process';

export interface Timed {
  wall: number;
  cpu: number;
  rssKiB: number;
}

export function timeBake(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'node', bin, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`node ${bin} ${args.join(' ')} in ${cwd} failed:\n${r.stderr}`);
  const [wall, user, sys, rss] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number, number];
  return { wall, cpu: user + sys, rssKiB: rss };
}
