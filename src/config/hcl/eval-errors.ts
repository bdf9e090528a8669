// Evaluation diagnostics, worded as HCL words them so messages match buildx's.
import { isUserError, SourceError, type Range } from '../../errors.js';

/** Throws a one-diagnostic SourceError: `file:line,col-col: Summary; Detail`. */
export function fail(summary: string, detail: string | undefined, range: Range | undefined): never {
  throw new SourceError({ summary, ...(detail !== undefined ? { detail } : {}), ...(range ? { range } : {}) });
}

/**
 * An error the host finds before evaluating (buildx detects cycles statically): `try`, `can` and
 * an untaken conditional branch do not hide it, and nothing wraps it.
 */
export class HostError extends SourceError {}

/** A value, or the evaluation error HCL holds as a diagnostic while it evaluates the rest. */
export type Attempt<T> = { value: T; error?: undefined } | { value?: undefined; error: Error };

/**
 * Runs one evaluation whose error HCL would hold while it evaluates the rest (operands,
 * conditional results); a host error or a bug is rethrown at once.
 */
export function attempt<T>(run: () => T): Attempt<T> {
  try {
    return { value: run() };
  } catch (err) {
    if (!isUserError(err) || err instanceof HostError) throw err;
    return { error: err };
  }
}

/** Throws a HostError with a one-line message at a range. */
export function hostFail(message: string, range: Range | undefined): never {
  throw new HostError({ summary: message, ...(range ? { range } : {}) });
}

/** HCL's "Did you mean" hint: the closest candidate within edit distance 2, else "". */
export function suggestion(name: string, candidates: Iterable<string>): string {
  let best = '';
  let bestDist = 3;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best ? ` Did you mean "${best}"?` : '';
}

/** HCL's parser-side hint: the first candidate, in the order given, within edit distance 2. */
export function firstSuggestion(name: string, candidates: readonly string[]): string {
  const found = candidates.find((c) => editDistance(name, c) < 3);
  return found ? ` Did you mean "${found}"?` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}
