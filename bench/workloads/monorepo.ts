// Generated build workloads for bench/build.ts (issue 4):
// W1: N services whose Dockerfiles start with the same `base` stage (a 2 s RUN), then their own
//     1 s RUN, then a final stage copying the result.
// W2: one target COPYing a context of 20,000 small files and three 10 MiB files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function bakeTarget(name: string, context: string, layout: string, out: string): string {
  return [
    `target "${name}" {`,
    `  context = "${context}"`,
    `  contexts = { busybox = "oci-layout://${layout}:1" }`,
    `  output = ["type=oci,dest=${out}/${name}.tar"]`,
    '}',
  ].join('\n');
}

export function writeW1(dir: string, services: number, layout: string): string[] {
  const names: string[] = [];
  const blocks: string[] = [];
  for (let i = 0; i < services; i++) {
    const name = `svc${i}`;
    const ctx = join(dir, 'services', name);
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'main.txt'), `service ${i}\n`);
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [
        'FROM busybox AS base',
        'RUN sleep 2 && echo base > /base.txt',
        'FROM base AS build',
        'COPY main.txt /src/main.txt',
        `RUN sleep 1 && cat /src/main.txt > /built.txt`,
        'FROM base',
        'COPY --from=build /built.txt /app/built.txt',
        '',
      ].join('\n'),
    );
    names.push(name);
    blocks.push(bakeTarget(name, ctx, layout, join(dir, 'out')));
  }
  blocks.push(`group "default" {\n  targets = [${names.map((n) => `"${n}"`).join(', ')}]\n}`);
  writeFileSync(join(dir, 'docker-bake.hcl'), blocks.join('\n\n') + '\n');
  return names.map((n) => join(dir, 'services', n, 'main.txt'));
}

export function writeW2(dir: string, layout: string): string {
  const ctx = join(dir, 'ctx');
  for (let d = 0; d < 200; d++) {
    const sub = join(ctx, 'files', `d${d}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(sub, `f${f}.txt`), `file ${d}/${f}\n`);
  }
  const big = Buffer.alloc(10 * 1024 * 1024);
  for (let b = 0; b < 3; b++) {
    big.fill(b + 1);
    writeFileSync(join(ctx, `big${b}.bin`), big);
  }
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM busybox\nCOPY . /ctx\n');
  writeFileSync(join(dir, 'docker-bake.hcl'), bakeTarget('default', ctx, layout, join(dir, 'out')) + '\n');
  return join(ctx, 'files', 'd7', 'f7.txt');
}
