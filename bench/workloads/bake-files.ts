// Generated bake files for benchmarks: a realistic monorepo shape with variables, a shared
// base target, inherits chains and matrix targets, scaled to a number of targets.

/** A bake file with about `targets` printed targets: a quarter come from 2x2 matrices. */
export function generateBakeFile(targets: number): string {
  const out: string[] = [
    'variable "REGISTRY" { default = "registry.example.com/acme" }',
    'variable "TAG" { default = "dev" }',
    'function "image" {',
    '  params = [name]',
    '  result = ["${REGISTRY}/${name}:${TAG}", "${REGISTRY}/${name}:latest"]',
    '}',
    'target "_common" {',
    '  args = { NODE_VERSION = "20", GO_VERSION = "1.22" }',
    '  labels = { "org.opencontainers.image.vendor" = "acme" }',
    '  platforms = ["linux/amd64"]',
    '}',
  ];
  const names: string[] = [];
  const matrixTargets = Math.floor(targets / 16);
  for (let i = 0; i < matrixTargets; i++) {
    const name = `matrix${i}`;
    out.push(
      `target "${name}" {`,
      `  name = "${name}-\${os}-\${v}"`,
      '  matrix = { os = ["alpine", "debian"], v = ["1", "2"] }',
      '  inherits = ["_common"]',
      `  context = "services/${name}"`,
      '  args = { OS = os, VERSION = v }',
      `  tags = image("${name}-\${os}-\${v}")`,
      '}',
    );
    names.push(name);
  }
  for (let i = 0; names.length < targets - 3 * matrixTargets; i++) {
    const name = `svc${i}`;
    const parent = i % 10 === 0 ? '_common' : `svc${i - (i % 10)}`;
    out.push(
      `target "${name}" {`,
      `  inherits = ["${parent}"]`,
      `  context = "services/${name}"`,
      `  dockerfile = "Dockerfile"`,
      `  args = { SERVICE = "${name}", INDEX = ${i} }`,
      `  tags = image("${name}")`,
      `  cache-from = ["type=registry,ref=\${REGISTRY}/cache:${name}"]`,
      '}',
    );
    names.push(name);
  }
  out.push(`group "default" {`, `  targets = [${names.map((n) => `"${n}"`).join(', ')}]`, '}');
  return out.join('\n') + '\n';
}
