// Semantic versions and constraints for buildx's semvercmp, with the rules of the Masterminds
// semver library it uses: `v` prefix and short versions accepted, `x`/`*`/missing parts are
// wildcards, operators = != > < >= <= ~ ^, hyphen ranges, `,`/space for AND and `||` for OR, and
// pre-releases only matching constraints that name one.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? '' };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

interface Constraint {
  op: string;
  v: Version;
  /** Which part is the first wildcard (x, *, or missing). */
  dirty: 'major' | 'minor' | 'patch' | undefined;
}

const CONSTRAINT = /^(!=|>=|=>|<=|=<|~>|[=><~^])?\s*v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseConstraint(text: string): Constraint | undefined {
  const m = CONSTRAINT.exec(text);
  if (!m) return undefined;
  const wild = (s: string | undefined): boolean => s === undefined || /^[xX*]$/.test(s);
  const dirty = wild(m[2]) ? 'major' : wild(m[3]) ? 'minor' : wild(m[4]) ? 'patch' : undefined;
  const num = (s: string | undefined): number => (wild(s) ? 0 : Number(s));
  const op = { '=>': '>=', '=<': '<=', '~>': '~', '': '=' }[m[1] ?? ''] ?? m[1]!;
  return { op, v: { major: num(m[2]), minor: num(m[3]), patch: num(m[4]), pre: m[5] ?? '' }, dirty };
}

/** Whether v is in the wildcard range a dirty constraint names (1.2.x, 1.x). */
function inWildcard(v: Version, c: Constraint): boolean {
  if (c.dirty === 'major') return true;
  if (c.dirty === 'minor') return v.major === c.v.major;
  return v.major === c.v.major && v.minor === c.v.minor;
}

function caret(v: Version, c: Constraint): boolean {
  if (compareVersions(v, c.v) < 0) return false;
  if (c.v.major > 0 || c.dirty === 'minor' || c.dirty === 'major') return v.major === c.v.major || c.dirty === 'major';
  if (v.major > 0) return false;
  if (c.v.minor > 0 || c.dirty === 'patch') return v.minor === c.v.minor;
  return v.minor === 0 && v.patch === c.v.patch;
}

function check(v: Version, c: Constraint): boolean {
  if (v.pre !== '' && c.v.pre === '') return false;
  const cmp = compareVersions(v, c.v);
  switch (c.op) {
    case '=':
      return c.dirty ? cmp >= 0 && inWildcard(v, c) : cmp === 0;
    case '!=':
      return c.dirty ? !inWildcard(v, c) : cmp !== 0;
    case '>':
      return c.dirty ? cmp >= 0 && !inWildcard(v, c) : cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
      return cmp >= 0;
    case '<=':
      return c.dirty ? cmp <= 0 || inWildcard(v, c) : cmp <= 0;
    case '~':
      return cmp >= 0 && (c.dirty === 'major' || (v.major === c.v.major && (c.dirty === 'minor' || v.minor === c.v.minor)));
    default:
      return caret(v, c);
  }
}

/** Parses and checks a constraint; undefined when the constraint text is invalid. */
export function satisfies(v: Version, constraint: string): boolean | undefined {
  const groups = constraint.split('||').map((g) =>
    g
      .trim()
      .replace(/(\S+)\s+-\s+(\S+)/g, '>=$1,<=$2')
      .replace(/([=><~^!])\s+/g, '$1')
      .split(/[\s,]+/)
      .filter((s) => s !== '')
      .map(parseConstraint),
  );
  if (groups.some((g) => g.length === 0 || g.includes(undefined))) return undefined;
  return groups.some((g) => g.every((c) => check(v, c!)));
}
