// `--push` / `--load` (and `--set *.push=…`, `*.load=…`) adjust a target's outputs conditionally,
// as buildx does: they never override `local`/`tar` outputs the user asked for.
import type { Entry } from './types.js';

/** push=true marks image outputs pushed, adding one when only docker outputs (or none) exist. */
export function setPush(outputs: Entry[], push: boolean): Entry[] {
  if (!push) {
    // Drop registry outputs (buildx swaps the last one into the hole) and unmark image ones.
    const out = outputs.map((o) => ({ ...o }));
    for (let i = 0; i < out.length; ) {
      if (out[i]!['type'] === 'registry') {
        out[i] = out[out.length - 1]!;
        out.pop();
        continue;
      }
      if (out[i]!['type'] === 'image') out[i]!['push'] = 'false';
      i++;
    }
    return out;
  }
  const out = outputs.map((o) => (o['type'] === 'image' ? { ...o, push: 'true' } : o));
  if (out.every((o) => o['type'] === 'docker')) out.push({ type: 'image', push: 'true' });
  return out;
}

/** load=true adds a docker output unless one loads already or a non-image output exists. */
export function setLoad(outputs: Entry[], load: boolean): Entry[] {
  if (!load) return outputs;
  for (const o of outputs) {
    if (o['type'] === 'docker') {
      if (o['dest'] === undefined) return outputs;
    } else if (!['image', 'registry', 'oci'].includes(String(o['type']))) return outputs;
  }
  return [...outputs, { type: 'docker' }];
}
