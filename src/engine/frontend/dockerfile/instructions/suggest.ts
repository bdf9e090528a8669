// "did you mean" for unknown instructions (BuildKit util/suggest): the closest known keyword
// within a small edit distance.
const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** ` (did you mean FROM?)` or "" when nothing is close enough. */
export function suggestInstruction(word: string): string {
  const upper = word.toUpperCase();
  let best = '';
  let bestDist = Infinity;
  for (const name of INSTRUCTIONS) {
    const d = editDistance(upper, name);
    if (d < bestDist) {
      best = name;
      bestDist = d;
    }
  }
  // Allow about one edit per three characters, and at least one.
  return bestDist > 0 && bestDist <= Math.max(1, Math.floor(upper.length / 3)) ? ` (did you mean ${best}?)` : '';
}
