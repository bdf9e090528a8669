// Dispatch from a vertex to the code that runs it: one runner per op kind (CONVENTIONS row 1).
import type { Vertex } from '../graph/op.js';
import { assertNever } from '../graph/op.js';
import type { Snapshot } from '../snapshot/types.js';
import type { OpContext, OpRunner } from './types.js';
import { ExecOpRunner } from './exec.js';
import { FileOpRunner } from './file.js';
import { LocalSourceRunner } from './local.js';
import { OciLayoutSourceRunner } from '../sources/oci-layout.js';
import { HttpSourceRunner } from './http.js';
import { RegistrySourceRunner } from '../sources/registry.js';
import { GitSourceRunner } from './git.js';

export interface OpRunners {
  exec: OpRunner;
  file: OpRunner;
  local: OpRunner;
  ociLayout: OpRunner;
  http: HttpSourceRunner;
  image: OpRunner;
  git: OpRunner;
}

export function defaultRunners(): OpRunners {
  return {
    exec: new ExecOpRunner(),
    file: new FileOpRunner(),
    local: new LocalSourceRunner(),
    ociLayout: new OciLayoutSourceRunner(),
    http: new HttpSourceRunner(),
    image: new RegistrySourceRunner(),
    git: new GitSourceRunner(),
  };
}

export function runOp(runners: OpRunners, vertex: Vertex, inputs: Snapshot[], ctx: OpContext): Promise<Snapshot[]> {
  const { op } = vertex;
  switch (op.kind) {
    case 'exec':
      return runners.exec.run(vertex, inputs, ctx);
    case 'file':
      return runners.file.run(vertex, inputs, ctx);
    case 'merge':
      // Layers stack in input order; no files are touched.
      return Promise.resolve([{ layers: inputs.flatMap((s) => s.layers) }]);
    case 'source':
      switch (op.source.type) {
        case 'local':
          return runners.local.run(vertex, inputs, ctx);
        case 'oci-layout':
          return runners.ociLayout.run(vertex, inputs, ctx);
        case 'http':
          return runners.http.run(vertex, inputs, ctx);
        case 'image':
          return runners.image.run(vertex, inputs, ctx);
        case 'git':
          return runners.git.run(vertex, inputs, ctx);
        default:
          return assertNever(op.source);
      }
    default:
      return assertNever(op);
  }
}
