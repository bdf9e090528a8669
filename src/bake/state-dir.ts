// Where the engine keeps its store and cache: $BAKE_STATE_DIR, else ~/.local/share/bake. Every
// command that touches the state dir (build, du, prune, imagetools) asks here.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateDir(env: Record<string, string | undefined>): string {
  return env['BAKE_STATE_DIR'] || join(homedir(), '.local', 'share', 'bake');
}
