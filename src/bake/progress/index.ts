// Picks the progress renderer for `--progress` (auto: tty on a terminal, plain otherwise).
import type { SolveStatus } from '../../engine/progress/events.js';
import { PlainRenderer } from './plain.js';
import { RawJsonRenderer } from './rawjson.js';

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'rawjson' | 'quiet';

export interface Progress {
  render(status: SolveStatus): void;
  close(failed?: Error): Promise<void>;
}

// The tty renderer (listr2 and its dependencies) is imported only when used: plain, rawjson and
// quiet runs, such as CI and benchmarks, would load it for nothing.
export async function createProgress(mode: ProgressMode, targets: string[]): Promise<Progress> {
  const resolved = mode === 'auto' ? (process.stderr.isTTY ? 'tty' : 'plain') : mode;
  switch (resolved) {
    case 'tty': {
      const { TtyRenderer } = await import('./tty.js');
      return new TtyRenderer(targets);
    }
    case 'plain': {
      const r = new PlainRenderer(process.stderr);
      return { render: (s) => r.render(s), close: async () => undefined };
    }
    case 'rawjson': {
      const r = new RawJsonRenderer(process.stderr);
      return { render: (s) => r.render(s), close: async () => undefined };
    }
    case 'quiet':
      return { render: () => undefined, close: async () => undefined };
  }
}
