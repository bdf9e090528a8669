// `--progress=tty`: a listr2 view with one task per target. Each task shows how many of its
// steps are done, cached and shared with other targets, its time, and the steps running now; a
// step shared by several targets counts in each of them but is run (and timed) once.
import { Listr } from 'listr2';
import type { ListrTaskWrapper, ListrDefaultRenderer, ListrSimpleRenderer } from 'listr2';
import type { SolveStatus, VertexEvent } from '../../engine/progress/events.js';

type Wrapper = ListrTaskWrapper<unknown, ListrDefaultRenderer, ListrSimpleRenderer>;

interface TargetView {
  task?: Wrapper;
  steps: Map<string, VertexEvent>;
  finish?: (error?: Error) => void;
}

export class TtyRenderer {
  private readonly views = new Map<string, TargetView>();
  private readonly run: Promise<unknown>;

  constructor(targets: string[]) {
    for (const t of targets) this.views.set(t, { steps: new Map() });
    const list = new Listr(
      targets.map((name) => ({
        title: name,
        task: (_ctx: unknown, task: Wrapper) =>
          new Promise<void>((resolve, reject) => {
            const view = this.views.get(name)!;
            view.task = task;
            view.finish = (error) => (error ? reject(error) : resolve());
          }),
      })),
      { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false } },
    );
    this.run = list.run().catch(() => undefined);
  }

  render(status: SolveStatus): void {
    for (const v of status.vertexes) {
      for (const target of v.targets) {
        const view = this.views.get(target);
        if (!view) continue;
        view.steps.set(v.digest, v);
        this.update(target, view);
      }
    }
  }

  private update(name: string, view: TargetView): void {
    if (!view.task) return;
    const steps = [...view.steps.values()];
    const done = steps.filter((s) => s.completed).length;
    const cached = steps.filter((s) => s.cached).length;
    const shared = steps.filter((s) => s.targets.length > 1).length;
    const running = steps.filter((s) => s.started && !s.completed);
    const starts = steps.flatMap((s) => (s.started ? [s.started.getTime()] : []));
    const ends = steps.flatMap((s) => (s.completed ? [s.completed.getTime()] : []));
    const secs = starts.length > 0 && ends.length > 0 ? (Math.max(...ends) - Math.min(...starts)) / 1000 : 0;
    const parts = [`${done}/${steps.length} steps`];
    if (cached) parts.push(`${cached} CACHED`);
    if (shared) parts.push(`${shared} shared`);
    if (done === steps.length) parts.push(`${secs.toFixed(1)}s`);
    view.task.title = `${name} [${parts.join(', ')}]`;
    // A shared step names the other targets waiting on it, so it is clear it runs once.
    view.task.output = running
      .map((s) => (s.targets.length > 1 ? `${s.name} (shared with ${s.targets.filter((t) => t !== name).join(', ')})` : s.name))
      .join('\n');
  }

  /** Marks every target finished (failed ones with the error) and waits for the last frame. */
  async close(failed?: Error): Promise<void> {
    for (const view of this.views.values()) view.finish?.(failed);
    await this.run;
  }
}
