// bench/print: wall time and peak memory of `bake --print` on generated bake files.
// Usage: npm run bench:print [-- --runs N]
// Prints a markdown table; each row names the exact command that was measured.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateBakeFile } from './workloads/bake-files.js';
import { timeBake } from './measure.js';

const repo = resolve(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'bake.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

interface Sample {
  wallMs: number;
  maxRssKiB: number;
}

function measure(cwd: string, args: string[]): Sample {
  const t = timeBake(bin, args, cwd);
  return { wallMs: t.wall * 1000, maxRssKiB: t.rssKiB };
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
