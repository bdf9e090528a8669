// The positioned JSON parser must accept exactly what JSON.parse accepts, with the same values,
// on mutated copies of a bake JSON file.
import { describe, expect, it } from 'vitest';
import { parseJson, type JsonNode } from '../../../src/config/hcl/parser-json.js';

const SAMPLE = `{
  "variable": {"TAG": {"default": "latest"}, "N": {"default": 1.5e3}},
  "group": {"default": {"targets": ["app", "db"]}},
  "target": {
    "app": {
      "tags": ["r/app:\${TAG}", "q\\"\\u00e9\\n"],
      "args": {"A": null, "B": true, "C": -0.25},
      "cache-from": [{"type": "registry", "ref": "r/cache"}]
    }
  }
}`;

const INSERTS = ['{', '}', '[', ']', '"', ':', ',', ' ', '\\n', '\\\\', 'u', '0', '-', '.', 'e', 't', 'n', '\\t', 'x'];

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function toValue(n: JsonNode): unknown {
  if (n.kind === 'object') return Object.fromEntries(n.members.map((m) => [m.key, toValue(m.value)]));
  if (n.kind === 'array') return n.items.map(toValue);
  return n.value;
}

function both(text: string): [unknown, unknown] {
  let theirs: unknown = 'error';
  let ours: unknown = 'error';
  try {
    theirs = JSON.parse(text);
  } catch {
    // stays 'error'
  }
  try {
    ours = toValue(parseJson('f.json', text));
  } catch {
    // stays 'error'
  }
  return [ours, theirs];
}

describe('parseJson agrees with JSON.parse', () => {
  it('on the sample', () => {
    const [ours, theirs] = both(SAMPLE);
    expect(ours).toEqual(theirs);
  });

  it('on 400 mutations', () => {
    const r = lcg(17);
    const bad: string[] = [];
    for (let k = 0; k < 400; k++) {
      const at = Math.floor(r() * SAMPLE.length);
      const text = r() < 0.5 ? SAMPLE.slice(0, at) + SAMPLE.slice(at + 1) : SAMPLE.slice(0, at) + INSERTS[Math.floor(r() * INSERTS.length)] + SAMPLE.slice(at);
      const [ours, theirs] = both(text);
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) bad.push(`${JSON.stringify(text)}: ours ${JSON.stringify(ours)?.slice(0, 60)} theirs ${JSON.stringify(theirs)?.slice(0, 60)}`);
    }
    expect(bad).toEqual([]);
  });
});
