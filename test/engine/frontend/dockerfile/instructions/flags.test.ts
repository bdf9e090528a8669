import { describe, expect, it } from 'vitest';
import { BFlags } from '../../../../../src/engine/frontend/dockerfile/instructions/bflags.js';

function flags(args: string[]) {
  const bf = new BFlags(args);
  return { bf, link: bf.addBool('link'), from: bf.addString('from'), mount: bf.addStrings('mount') };
}

describe('BFlags', () => {
  it('parses bool, string and repeatable flags, and stops at --', () => {
    const f = flags(['--link', '--from=x', '--mount=a', '--mount=b', '--', '--bogus']);
    f.bf.parse();
    expect([f.link.value, f.from.value, f.mount.values, f.link.used]).toEqual(['true', 'x', ['a', 'b'], true]);
  });

  it('accepts bool spellings case-insensitively', () => {
    const f = flags(['--link=FALSE']);
    f.bf.parse();
    expect(f.link.isTrue()).toBe(false);
  });

  it.each([
    [['--nope'], 'unknown flag: --nope'],
    [['--lnk'], 'unknown flag: --lnk (did you mean link?)'],
    [['--Link'], 'unknown flag: --Link (did you mean link?)'],
    [['--from=a', '--from=b'], 'duplicate flag specified: --from'],
    [['--link', '--link'], 'duplicate flag specified: --link'],
    [['--from'], 'missing a value on flag: --from'],
    [['--mount'], 'missing a value on flag: --mount'],
    [['--link='], 'missing a value on flag: --link'],
    [['--link=yes'], 'expecting boolean value for flag --link, not: yes'],
    [['-x'], 'arg should start with -- : -x'],
  ])('%j → %s', (args, message) => {
    expect(() => flags(args).bf.parse()).toThrow(message);
  });
});
