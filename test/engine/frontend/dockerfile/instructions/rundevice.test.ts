// RUN --device: parsed with the instruction, as BuildKit's stable frontend parses it (CSV, a
// name, `required` bare or as a boolean), with its error wording.
import { describe, expect, it } from 'vitest';
import { parseDevice } from '../../../../../src/engine/frontend/dockerfile/instructions/rundevice.js';
import { parseDockerfile } from '../../../../../src/engine/frontend/dockerfile/instructions/parse.js';
import type { RunCommand } from '../../../../../src/engine/frontend/dockerfile/instructions/commands.js';

describe('RUN --device', () => {
  it('takes the first bare field (even vendor/class=name) as the name, optional unless required', () => {
    expect(parseDevice('acme.test/gpu=0')).toEqual({ name: 'acme.test/gpu=0', required: false });
    expect(parseDevice('acme.test/gpu,required')).toEqual({ name: 'acme.test/gpu', required: true });
    expect(parseDevice('REQUIRED,name=acme.test/gpu=all')).toEqual({ name: 'acme.test/gpu=all', required: true });
    expect(parseDevice('"acme.test/fpga=a,b",required=false')).toEqual({ name: 'acme.test/fpga=a,b', required: false });
    expect(parseDevice('required=1,x.test/y')).toEqual({ name: 'x.test/y', required: true });
  });

  it('refuses malformed values with BuildKit wording', () => {
    expect(() => parseDevice('a.test/x,b.test/y')).toThrow("invalid field 'b.test/y' must be a key=value pair");
    expect(() => parseDevice('a.test/x,name=b.test/y')).toThrow('device name already set to a.test/x');
    expect(() => parseDevice('a.test/x,required=maybe')).toThrow('invalid value for required: maybe');
    expect(() => parseDevice('a.test/x,nme=b')).toThrow("unexpected key 'nme' in 'nme=b' (did you mean name?)");
    expect(() => parseDevice('a.test/x,Colour=red')).toThrow(/^unexpected key 'colour' in 'Colour=red'$/);
    expect(() => parseDevice('a.test/x,"b')).toThrow(/^failed to parse csv devices: /);
  });

  it('is a flag of RUN on the stable syntax, parsed before --mount', () => {
    const { stages } = parseDockerfile('FROM a\nRUN --device=acme.test/gpu=0 --device=acme.test/tpu,required true\n', 'Dockerfile');
    expect((stages[0]!.commands[0] as RunCommand).devices).toEqual([
      { name: 'acme.test/gpu=0', required: false },
      { name: 'acme.test/tpu', required: true },
    ]);
    // A malformed --mount fails too, but the device hook runs first.
    expect(() => parseDockerfile('FROM a\nRUN --mount=from=$S/x true\n', 'Dockerfile')).toThrow(/'from' doesn't support variable expansion/);
    expect(() => parseDockerfile('FROM a\nRUN --mount=from=$S/x --device=a,b true\n', 'Dockerfile')).toThrow(/invalid field 'b'/);
  });
});
