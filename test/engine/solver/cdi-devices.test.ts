// RUN --device against an engine with no CDI registry: what BuildKit's graph load answers when
// no device is registered (optional ones are left out, required or malformed ones fail).
import { describe, expect, it } from 'vitest';
import { checkCdiDevices } from '../../../src/engine/solver/cdi-devices.js';
import { compile } from '../frontend/dockerfile/convert/helpers.js';

async function check(flags: string): Promise<void> {
  const r = await compile(`FROM alpine\nRUN ${flags} true\n`);
  checkCdiDevices(r.definition);
}

describe('checkCdiDevices', () => {
  it('puts the devices on the exec step, optional unless required', async () => {
    const r = await compile('FROM alpine\nRUN --device=acme.test/gpu=0 --device=acme.test/tpu,required true\nRUN true\n');
    const execs = [...r.definition.vertices.values()].flatMap((v) => (v.op.kind === 'exec' ? [v.op.exec.cdiDevices] : []));
    expect(execs).toContainEqual([
      { name: 'acme.test/gpu=0', optional: true },
      { name: 'acme.test/tpu', optional: false },
    ]);
    // A RUN without --device keeps the digest it always had: no empty list in the op.
    expect(execs).toContainEqual(undefined);
  });

  it('leaves optional devices out and fails on required ones', async () => {
    await expect(check('--device=acme.test/gpu=0 --device=acme.test/gpu=*')).resolves.toBeUndefined();
    await expect(check('--device=acme.test/gpu=0,required')).rejects.toThrow(/^failed to load LLB: required device "acme.test\/gpu=0" is not registered$/);
  });

  it('fails on names that are no CDI kind, optional or not', async () => {
    await expect(check('--device=/dev/fuse')).rejects.toThrow(/^failed to load LLB: invalid device "\/dev\/fuse"$/);
    await expect(check('--device=gpu=0')).rejects.toThrow(/^failed to load LLB: invalid device "gpu=0"$/);
    await expect(check('--device=9acme.test/gpu')).rejects.toThrow(
      /^failed to load LLB: invalid device "9acme.test\/gpu": invalid vendor. "9acme.test", should start with letter$/,
    );
    await expect(check('--device=acme.test/g+u')).rejects.toThrow(
      /^failed to load LLB: invalid device "acme.test\/g\+u": invalid class. invalid character '\+' in name "g\+u"$/,
    );
    await expect(check('--device=acme.test-/gpu')).rejects.toThrow(/invalid vendor. "acme.test-", should end with a letter or digit$/);
  });
});
