// bench/print: wall time and peak memory of `bake --print` on generated bake files.
// Usage: npm run bench:print [-- --runs N]
// Prints a markdown table; each row names the exact command that was measured.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateBakeFile } from './workloads/bake-files.js';

const repo = resolve(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'bake.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

interface Sample {
  wallMs: number;
  maxRssKiB: number;
}

// GNU time reports peak RSS of the child; node's own APIs cannot see another process's peak.
function measure(cwd: string, args: string[]): Sample {
  const out = execFileSync('/usr/bin/time', ['-f', '%e %M', 'node', bin, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const [wall, rss] = out.trim().split('\n').pop()!.split(' ');
  return { wallMs: Number(wall) * 1000, maxRssKiB: Number(rss) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const cases: { name: string; targets: number; goalMs: number }[] = [
  { name: '12 targets', targets: 12, goalMs: 120 },
  { name: '250 targets', targets: 250, goalMs: 0 },
  { name: '500 targets', targets: 500, goalMs: 0 },
  { name: '1,000 targets (inherits + matrix)', targets: 1000, goalMs: 400 },
];

console.log(`| workload | median wall | peak RSS | goal | command |`);
console.log(`|---|---|---|---|---|`);
for (const c of cases) {
  const dir = mkdtempSync(join(tmpdir(), 'bake-bench-print-'));
  writeFileSync(join(dir, 'docker-bake.hcl'), generateBakeFile(c.targets));
  const samples: Sample[] = [];
  measure(dir, ['--print']); // warm the file cache
  for (let i = 0; i < runs; i++) samples.push(measure(dir, ['--print']));
  const wall = median(samples.map((s) => s.wallMs));
  const rss = median(samples.map((s) => s.maxRssKiB));
  const goal = c.goalMs ? `< ${c.goalMs} ms ${wall < c.goalMs ? 'met' : 'MISSED'}` : '-';
  console.log(`| ${c.name} | ${wall.toFixed(0)} ms | ${(rss / 1024).toFixed(1)} MiB | ${goal} | \`cd ${dir} && node ${bin} --print\` |`);
}
