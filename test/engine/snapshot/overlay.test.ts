import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { kernelHasVolatile, overlayOptions } from '../../../src/engine/snapshot/overlay.js';

describe('overlay options', () => {
  it('knows which kernels have the volatile option (5.10 and newer)', () => {
    expect(kernelHasVolatile('6.18.44-fc-v769')).toBe(true);
    expect(kernelHasVolatile('5.10.0-28-amd64')).toBe(true);
    expect(kernelHasVolatile('5.4.0-150-generic')).toBe(false);
    expect(kernelHasVolatile('4.19.0')).toBe(false);
  });

  it('mounts a writable overlay volatile where the kernel has it, and never a read-only one', () => {
    const writable = overlayOptions({ lowers: ['l1', 'l2'], upper: { dir: 'u', work: 'w' } }).split(',');
    expect(writable.slice(0, 3)).toEqual(['lowerdir=l1:l2', 'upperdir=u', 'workdir=w']);
    expect(writable.includes('volatile')).toBe(kernelHasVolatile(release()));
    expect(overlayOptions({ lowers: ['l1', 'l2'] })).toBe('lowerdir=l1:l2,redirect_dir=off,metacopy=off');
  });
});
