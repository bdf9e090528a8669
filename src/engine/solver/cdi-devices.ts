// CDI devices asked for by `RUN --device`. BuildKit resolves them against its CDI registry as it
// loads the graph, before any step runs; bake's engine has no registry (it injects no devices),
// so it answers as BuildKit does with an empty one: a malformed name or a required device fails
// the build, worded as BuildKit words it, and an optional device is left out of the step.
import { UserError } from '../../errors.js';
import { goQuote } from '../../strconv.js';
import type { Definition } from '../graph/definition.js';

const isLetter = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isAlphaNumeric = (b: number): boolean => isLetter(b) || (b >= 0x30 && b <= 0x39);
const isAsciiAlphaNumeric = (c: string): boolean => c.length === 1 && isAlphaNumeric(c.charCodeAt(0));

/**
 * Why a CDI vendor or class name is invalid, as the CDI validator says it, or undefined. Its
 * first and last bytes are tested as bytes, the ones between as characters (Go's string range).
 */
function nameProblem(name: string): string | undefined {
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length === 0) return 'empty name';
  if (!isLetter(bytes[0]!)) return `${goQuote(name)}, should start with letter`;
  for (const c of bytes.subarray(1, Math.max(1, bytes.length - 1)).toString('utf8')) {
    if (!isAsciiAlphaNumeric(c) && c !== '_' && c !== '-' && c !== '.') return `invalid character '${c}' in name ${goQuote(name)}`;
  }
  if (!isAlphaNumeric(bytes[bytes.length - 1]!)) return `${goQuote(name)}, should end with a letter or digit`;
  return undefined;
}

/** The error BuildKit's device lookup gives `name` when no device is registered, or undefined. */
function deviceError(device: { name: string; optional: boolean }): string | undefined {
  const eq = device.name.indexOf('=');
  const kind = eq < 0 ? device.name : device.name.slice(0, eq);
  const slash = kind.indexOf('/');
  const vendor = slash < 0 ? '' : kind.slice(0, slash);
  const cls = slash < 0 ? '' : kind.slice(slash + 1);
  if (vendor === '' || cls === '') return `invalid device ${goQuote(device.name)}`;
  const vendorProblem = nameProblem(vendor);
  if (vendorProblem) return `invalid device ${goQuote(device.name)}: invalid vendor. ${vendorProblem}`;
  const classProblem = nameProblem(cls);
  if (classProblem) return `invalid device ${goQuote(device.name)}: invalid class. ${classProblem}`;
  return device.optional ? undefined : `required device ${goQuote(device.name)} is not registered`;
}

/** Fails as BuildKit's graph load does when a step asks for a device it cannot have. */
export function checkCdiDevices(def: Definition): void {
  for (const vertex of def.vertices.values()) {
    if (vertex.op.kind !== 'exec') continue;
    for (const device of vertex.op.exec.cdiDevices ?? []) {
      const error = deviceError(device);
      if (error) throw new UserError(`failed to load LLB: ${error}`);
    }
  }
}
