// Starts the OCI runtime CLI in the foreground, relaying its output: through the host's process
// helper (a fork of Node per RUN blocked the main thread ~40-100 ms), or through execa where the
// helper can't run. The only module that starts processes through execa.
import { SpawnerUnavailable, spawnViaHelper } from '../host/spawner.js';
import type { ProcessInfo } from './executor.js';

export interface RuntimeProcess {
  /** The exit code; 255 when the runtime itself was killed by a signal. */
  done: Promise<number>;
  /** SIGKILLs the runtime process itself. */
  kill(): void;
}

// execa and its ~150 modules load only when needed: with the helper, never.
let execaModule: Promise<typeof import('execa')> | undefined;
function loadExeca(): Promise<typeof import('execa')> {
  return (execaModule ??= import('execa'));
}

function viaExeca(cmd: string, args: string[], output: ProcessInfo['output']): RuntimeProcess {
  let killed = false;
  let child: ReturnType<typeof import('execa').execa> | undefined;
  const done = loadExeca().then(async ({ execa }) => {
    child = execa(cmd, args, { reject: false, stdin: 'ignore', buffer: false });
    if (killed) child.kill('SIGKILL');
    child.stdout?.on('data', (d: Buffer) => output(1, d));
    child.stderr?.on('data', (d: Buffer) => output(2, d));
    const result = await child;
    return result.exitCode ?? 255;
  });
  return {
    done,
    kill: () => {
      killed = true;
      child?.kill('SIGKILL');
    },
  };
}

const SIGKILL = 9;

/**
 * Starts `cmd args`; `hideMounts` are mount points the runtime must not see (only the helper can
 * hide them: without it the runtime starts as is).
 */
export function startRuntime(cmd: string, args: string[], output: ProcessInfo['output'], hideMounts: string[] = []): RuntimeProcess {
  const helper = spawnViaHelper(cmd, args, output, { hideMounts });
  let fallback: RuntimeProcess | undefined;
  let killed = false;
  const done = helper.done.then(
    (s) => (s.signal !== undefined ? 255 : s.exitCode),
    (err: unknown) => {
      // Not started at all: start it the slow way.
      if (!(err instanceof SpawnerUnavailable)) throw err;
      fallback = viaExeca(cmd, args, output);
      if (killed) fallback.kill();
      return fallback.done;
    },
  );
  return {
    done,
    kill: () => {
      killed = true;
      helper.kill(SIGKILL);
      fallback?.kill();
    },
  };
}

/** Runs `cmd args` to completion, output ignored: the runtime's kill and delete commands. */
export async function runtimeCommand(cmd: string, args: string[], hideMounts: string[] = []): Promise<number> {
  return startRuntime(cmd, args, () => undefined, hideMounts).done;
}
