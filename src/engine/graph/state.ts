// The immutable graph builder (BuildKit's llb.State): a State is a reference to one output of a
// vertex (or scratch). `run`, `file`, `merge` and `source` return new States and never change an
// existing one; vertices are hashed as they are created, with their inputs named by digest, so
// identical steps built from different Dockerfiles or targets get identical digests.
// `marshal` collects every vertex reachable from some States into a Definition.
import type { Digest, Platform } from '../oci/types.js';
import type { Definition } from './definition.js';
import { emptyDefinition } from './definition.js';
import { vertexDigest } from './digest.js';
import type { ExecMount, ExecOp, FileAction, Input, InputRef, Op, SourceOp, Vertex, VertexMeta } from './op.js';

/** A vertex with its dependencies kept as nodes, so marshal can walk the graph. */
interface Node {
  digest: Digest;
  vertex: Vertex;
  meta: VertexMeta;
  deps: Node[];
}

/** What every new vertex may carry besides its op. */
export interface StepOptions {
  meta: VertexMeta;
  platform?: Platform;
  ignoreCache?: boolean;
}

/** An exec mount whose input is a State instead of an input index. */
export interface MountSpec extends Omit<ExecMount, 'input' | 'output'> {
  state: State;
  /** True when the mount's changes are an output of the step (a rw bind or the root). */
  output: boolean;
}

export interface RunSpec extends StepOptions {
  exec: Omit<ExecOp, 'mounts'>;
  /** Mounts other than the root, which is always the state `run` is called on. */
  mounts: MountSpec[];
}

/** The outputs of one exec: the new root, and each mount declared with `output: true`. */
export interface ExecResult {
  root: State;
  mount(dest: string): State;
}

/** A file action whose copy source is a State instead of an input index. */
export type FileActionSpec =
  | (Omit<Extract<FileAction, { kind: 'copy' }>, 'src'> & { src: State })
  | Exclude<FileAction, { kind: 'copy' }>;

export class State {
  private constructor(
    private readonly node: Node | null,
    private readonly index: number,
  ) {}

  static scratch(): State {
    return new State(null, 0);
  }

  static source(source: SourceOp, opts: StepOptions): State {
    return new State(makeNode({ kind: 'source', source }, [], opts), 0);
  }

  /** A state for an output of an already built graph (another target's result, a named context). */
  static fromDefinition(def: Definition, output: Input | null): State {
    if (!output) return State.scratch();
    return new State(nodeFromDefinition(def, output.vertex, new Map()), output.index);
  }

  /** True for the empty filesystem. */
  isScratch(): boolean {
    return this.node === null;
  }

  /** The vertex output this state refers to, or null for scratch. */
  output(): Input | null {
    return this.node ? { vertex: this.node.digest, index: this.index } : null;
  }

  /** Runs a process with this state as its root filesystem. */
  run(spec: RunSpec): ExecResult {
    const inputs = new InputTable();
    const rootInput = inputs.add(this);
    const mounts: ExecMount[] = [{ type: 'bind', input: rootInput, dest: '/', readonly: false, output: 0 }];
    const outputs = new Map<string, number>();
    let next = 1;
    for (const m of spec.mounts) {
      const { state, output, ...rest } = m;
      const out = output ? next++ : -1;
      if (output) outputs.set(m.dest, out);
      mounts.push({ ...rest, input: inputs.add(state), output: out });
    }
    const op: Op = { kind: 'exec', exec: { ...spec.exec, mounts } };
    const node = makeNode(op, inputs.nodes(), spec, inputs.inputs());
    return {
      root: new State(node, 0),
      mount(dest: string): State {
        const index = outputs.get(dest);
        if (index === undefined) throw new Error(`exec has no output mount at ${dest}`);
        return new State(node, index);
      },
    };
  }

  /** Applies file actions onto this state; copy sources are other states. */
  file(actions: FileActionSpec[], opts: StepOptions): State {
    const inputs = new InputTable();
    const base = inputs.add(this);
    const resolved: FileAction[] = actions.map((a) => (a.kind === 'copy' ? { ...a, src: inputs.add(a.src) } : a));
    const op: Op = { kind: 'file', file: { base, actions: resolved } };
    return new State(makeNode(op, inputs.nodes(), opts, inputs.inputs()), 0);
  }

  /** Stacks the layers of several states in order (COPY --link); scratch states are skipped. */
  static merge(states: State[], opts: StepOptions): State {
    const present = states.filter((s) => !s.isScratch());
    if (present.length === 0) return State.scratch();
    if (present.length === 1) return present[0]!;
    const inputs = new InputTable();
    for (const s of present) inputs.add(s);
    return new State(makeNode({ kind: 'merge' }, inputs.nodes(), opts, inputs.inputs()), 0);
  }

  /** The node behind this state, for marshal and the input table. */
  static nodeOf(state: State): Node | null {
    return state.node;
  }
}

/** Gives each distinct non-scratch input state an index, in order of first use. */
class InputTable {
  private readonly list: { input: Input; node: Node }[] = [];

  add(state: State): InputRef {
    const node = State.nodeOf(state);
    const input = state.output();
    if (!node || !input) return 'scratch';
    const found = this.list.findIndex((e) => e.input.vertex === input.vertex && e.input.index === input.index);
    if (found >= 0) return found;
    this.list.push({ input, node });
    return this.list.length - 1;
  }

  inputs(): Input[] {
    return this.list.map((e) => e.input);
  }

  nodes(): Node[] {
    return this.list.map((e) => e.node);
  }
}

function makeNode(op: Op, deps: Node[], opts: StepOptions, inputs: Input[] = []): Node {
  const vertex: Vertex = { op, inputs };
  if (opts.platform) vertex.platform = opts.platform;
  if (opts.ignoreCache) vertex.ignoreCache = true;
  return { digest: vertexDigest(vertex), vertex, meta: opts.meta, deps };
}

function nodeFromDefinition(def: Definition, digest: Digest, memo: Map<Digest, Node>): Node {
  const known = memo.get(digest);
  if (known) return known;
  const vertex = def.vertices.get(digest);
  if (!vertex) throw new Error(`vertex ${digest} is missing from its definition`);
  const deps = [...new Set(vertex.inputs.map((i) => i.vertex))].map((d) => nodeFromDefinition(def, d, memo));
  const { targets: _targets, ...meta } = def.meta.get(digest) ?? { name: digest };
  const node: Node = { digest, vertex, meta, deps };
  memo.set(digest, node);
  return node;
}

/**
 * Collects every vertex reachable from `states` into a Definition. `targets` (the bake targets
 * being compiled) is recorded in each vertex's metadata so merged graphs know who shares what.
 */
export function marshal(states: State[], targets: string[] = [], into: Definition = emptyDefinition()): Definition {
  const stack: Node[] = [];
  for (const s of states) {
    const n = State.nodeOf(s);
    if (n) stack.push(n);
  }
  const seen = new Set<Digest>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node.digest)) continue;
    seen.add(node.digest);
    if (!into.vertices.has(node.digest)) into.vertices.set(node.digest, node.vertex);
    const meta = into.meta.get(node.digest);
    if (!meta) into.meta.set(node.digest, { ...node.meta, targets: [...targets] });
    else meta.targets = [...new Set([...(meta.targets ?? []), ...targets])];
    stack.push(...node.deps);
  }
  return into;
}
