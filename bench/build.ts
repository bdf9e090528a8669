// bench/build: wall time, CPU and peak memory of real bakes on generated workloads (issue 4),
// cold (empty state dir), warm (nothing changed) and after editing one source file; plus W1 for
// linux/amd64 + linux/arm64 (the arm64 RUNs under qemu-user-static) into OCI tars, cold.
// Usage: npm run bench:build [-- --sizes 12,48,96] [--only w1,w2,multi] [--runs N]. Needs root
// (overlayfs, runc). --only picks workloads (default: all); --runs repeats each on a fresh dir.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeW1, writeW2 } from './workloads/monorepo.js';
import { timeBake } from './measure.js';

const repo = resolve(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'bake.js');
const layout = join(repo, 'fixtures', '.base', 'busybox');
const multiarchLayout = join(repo, 'fixtures', '.base', 'busybox-multiarch');
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [12, 48, 96];
const onlyArg = process.argv.indexOf('--only');
const only = new Set(onlyArg > 0 ? process.argv[onlyArg + 1]!.split(',') : ['w1', 'w2', 'multi']);
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1;

interface Row {
  workload: string;
  wall: number;
  cpu: number;
  rssMiB: number;
  goal: string;
  command: string;
  /** The host's 1-minute load average after the run: other work on the machine shows here. */
  load: number;
}

function measure(cwd: string, stateDir: string, args: string[] = []): Omit<Row, 'workload' | 'goal'> {
  const command = `cd ${cwd} && BAKE_STATE_DIR=${stateDir} node ${bin} --progress=quiet${args.map((a) => ` '${a}'`).join('')}`;
  const t = timeBake(bin, ['--progress=quiet', ...args], cwd, { ...process.env, BAKE_STATE_DIR: stateDir });
  return { wall: t.wall, cpu: t.cpu, rssMiB: t.rssKiB / 1024, command, load: loadavg()[0]! };
}

function goal(wall: number, limit: number | undefined): string {
  if (limit === undefined) return '-';
  return `<= ${limit} s ${wall <= limit ? 'met' : 'MISSED'}`;
}

const rows: Row[] = [];
const goals: Record<string, number> = { 'W1x12 cold': 4, 'W1x12 warm': 0.5, 'W1x12 one edit': 1.5, 'W2 cold': 6, 'W2 warm': 0.3, 'W2 one edit': 2, 'W1x12 amd64+arm64 cold': 8 };
function record(workload: string, m: Omit<Row, 'workload' | 'goal'>): void {
  rows.push({ workload, ...m, goal: goal(m.wall, goals[workload]) });
}

for (let run = 0; run < runs; run++) {
  if (only.has('w1')) {
    for (const n of sizes) {
      const dir = mkdtempSync(join(tmpdir(), `bake-bench-w1-${n}-`));
      const state = join(dir, 'state');
      const sources = writeW1(dir, n, layout);
      record(`W1x${n} cold`, measure(dir, state));
      record(`W1x${n} warm`, measure(dir, state));
      appendFileSync(sources[0]!, 'edited\n');
      record(`W1x${n} one edit`, measure(dir, state));
    }
  }
  if (only.has('w2')) {
    const dir = mkdtempSync(join(tmpdir(), 'bake-bench-w2-'));
    const state = join(dir, 'state');
    const small = writeW2(dir, layout);
    record('W2 cold', measure(dir, state));
    record('W2 warm', measure(dir, state));
    appendFileSync(small, 'edited\n');
    record('W2 one edit', measure(dir, state));
  }
  if (only.has('multi')) {
    // Both platforms in one request: every RUN twice, the arm64 ones emulated.
    spawnSync('bash', [join(repo, 'fixtures', 'base', 'make-busybox-multiarch.sh'), multiarchLayout, '1'], { stdio: 'inherit' });
    const dir = mkdtempSync(join(tmpdir(), 'bake-bench-w1-multi-'));
    writeW1(dir, 12, multiarchLayout);
    record('W1x12 amd64+arm64 cold', measure(dir, join(dir, 'state'), ['--set', '*.platform=linux/amd64,linux/arm64']));
  }
}

console.log('| workload | wall | CPU | peak RSS | goal | load | command |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.workload} | ${r.wall.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${r.rssMiB.toFixed(0)} MiB | ${r.goal} | ${r.load.toFixed(1)} | \`${r.command}\` |`);
}

/** `min-max` of some figures, or the one figure. */
function range(values: number[], digits: number): string {
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo}-${hi}`;
}

if (runs > 1) {
  console.log(`\n| workload (${runs} runs) | wall | CPU | peak RSS | load |`);
  console.log('|---|---|---|---|---|');
  for (const workload of new Set(rows.map((r) => r.workload))) {
    const of = rows.filter((r) => r.workload === workload);
    const col = (f: (r: Row) => number, digits: number): string => range(of.map(f), digits);
    console.log(`| ${workload} | ${col((r) => r.wall, 2)} s | ${col((r) => r.cpu, 2)} s | ${col((r) => r.rssMiB, 0)} MiB | ${col((r) => r.load, 1)} |`);
  }
}
