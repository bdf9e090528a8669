// Remote bake definitions: how positionals split into definition URL, command context and
// targets, and how local contexts are rebased on the definition (pure).
import { describe, expect, it } from 'vitest';
import { onRemoteContext, splitRemoteArgs } from '../../src/bake/remote-definitions.js';

describe('splitRemoteArgs', () => {
  it('takes a first URL as the definition and a second as the command context', () => {
    expect(splitRemoteArgs(['app', 'web'])).toEqual({ cmdContext: 'cwd://', targets: ['app', 'web'] });
    expect(splitRemoteArgs(['https://h/r.git#v1', 'app'])).toEqual({ url: 'https://h/r.git#v1', cmdContext: 'cwd://', targets: ['app'] });
    expect(splitRemoteArgs(['git://h/r.git', 'https://h/ctx.tar.gz', 'app'])).toEqual({
      url: 'git://h/r.git',
      cmdContext: 'https://h/ctx.tar.gz',
      targets: ['app'],
    });
    expect(splitRemoteArgs(['https://h/defs.tar.gz'])).toEqual({ url: 'https://h/defs.tar.gz', cmdContext: 'cwd://', targets: [] });
  });
});

describe('onRemoteContext', () => {
  it('rebases `.` and relative contexts on the definition, leaves local and remote ones', () => {
    const [t] = onRemoteContext(
      [{ name: 'a', context: 'sub/dir', contexts: { x: '.', y: 'cwd://lib', z: 'target:b', w: 'docker-image://alpine', v: 'git://o/r.git' } }],
      'https://h/r.git#main:defs',
    );
    expect(t!.context).toBe('https://h/r.git#main:defs/sub/dir');
    expect(t!.contexts).toEqual({ x: 'https://h/r.git#main:defs', y: 'cwd://lib', z: 'target:b', w: 'docker-image://alpine', v: 'git://o/r.git' });
    expect(onRemoteContext([{ name: 'a' }], 'git://h/r.git')[0]!.context).toBe('git://h/r.git');
    expect(onRemoteContext([{ name: 'a', context: 'cwd://' }], 'git://h/r.git')[0]!.context).toBe('cwd://');
    expect(() => onRemoteContext([{ name: 'a', context: 'sub' }], 'https://h/defs.tar.gz')).toThrow(/only a git definition has subdirectories/);
  });
});
