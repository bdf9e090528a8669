// bench/print: wall time and peak memory of `bake --print` on generated bake files.
// Usage: npm run bench:print [-- --runs N]
// Prints a markdown table; each row names the exact command that was measured. The first row is
// bare `node -e 0` under the same environment: the floor no CLI can go below (with
// NODE_EXTRA_CA_CERTS set, Node 20 reads the whole CA bundle before running anything).
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
  cpuMs: number;
  maxRssKiB: number;
}

/** `node SCRIPT ARGS` (SCRIPT `-e` for the bare-node floor), timed by GNU time. */
function measure(cwd: string, script: string, args: string[]): Sample {
  const t = timeBake(script, args, cwd);
  return { wallMs: t.wall * 1000, cpuMs: t.cpu * 1000, maxRssKiB: t.rssKiB };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const cases: { name: string; targets: number; goalMs: number; script?: string }[] = [
  { name: 'floor: node -e 0', targets: 0, goalMs: 0, script: '-e' },
  { name: '12 targets', targets: 12, goalMs: 120 },
  { name: '250 targets', targets: 250, goalMs: 0 },
  { name: '500 targets', targets: 500, goalMs: 0 },
  { name: '1,000 targets (inherits + matrix)', targets: 1000, goalMs: 400 },
];

const ca = process.env['NODE_EXTRA_CA_CERTS'] ? `NODE_EXTRA_CA_CERTS=${process.env['NODE_EXTRA_CA_CERTS']}` : 'no NODE_EXTRA_CA_CERTS';
console.log(`${runs} runs each, medians; environment: ${ca}`);
console.log(`| workload | median wall | median CPU | peak RSS | goal | command |`);
console.log(`|---|---|---|---|---|---|`);
for (const c of cases) {
  const dir = mkdtempSync(join(tmpdir(), 'bake-bench-print-'));
  writeFileSync(join(dir, 'docker-bake.hcl'), generateBakeFile(c.targets));
  const [script, args] = c.script ? [c.script, ['0']] : [bin, ['--print']];
  const samples: Sample[] = [];
  measure(dir, script, args); // warm the file cache
  for (let i = 0; i < runs; i++) samples.push(measure(dir, script, args));
  const wall = median(samples.map((s) => s.wallMs));
  const cpu = median(samples.map((s) => s.cpuMs));
  const rss = median(samples.map((s) => s.maxRssKiB));
  const goal = c.goalMs ? `< ${c.goalMs} ms ${wall < c.goalMs ? 'met' : 'MISSED'}` : '-';
  const command = c.script ? `node -e 0` : `cd ${dir} && node ${bin} --print`;
  console.log(`| ${c.name} | ${wall.toFixed(0)} ms | ${cpu.toFixed(0)} ms | ${(rss / 1024).toFixed(1)} MiB | ${goal} | \`${command}\` |`);
}
