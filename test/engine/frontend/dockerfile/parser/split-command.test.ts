import { describe, expect, it } from 'vitest';
import { extractBuilderFlags, splitCommand } from '../../../../../src/engine/frontend/dockerfile/parser/split-command.js';

describe('splitCommand', () => {
  it('splits keyword, flags and rest, trimming Unicode spaces around', () => {
    expect(splitCommand('\u00a0 COPY\t--from=a  --link  src dst \u3000')).toEqual({
      cmd: 'COPY',
      flags: ['--from=a', '--link'],
      args: 'src dst',
    });
    expect(splitCommand('CMD')).toEqual({ cmd: 'CMD', flags: [], args: '' });
  });
});

describe('extractBuilderFlags', () => {
  it('removes quotes, honours backslash escapes and stops at -- or the first plain word', () => {
    expect(extractBuilderFlags(`--a="x y" --b='q' --c=\\" rest --d`)).toEqual({ rest: 'rest --d', flags: ['--a=x y', '--b=q', '--c="'] });
    expect(extractBuilderFlags('--a -- --b c')).toEqual({ rest: ' --b c', flags: ['--a'] });
    expect(extractBuilderFlags('--a=""')).toEqual({ rest: '', flags: ['--a='] });
    expect(extractBuilderFlags('-x')).toEqual({ rest: '-x', flags: [] });
  });

  it('reads flags byte by byte like BuildKit: non-ASCII bytes become Latin-1 chars', () => {
    expect(extractBuilderFlags('--chown=é a')).toEqual({ rest: 'a', flags: ['--chown=Ã©'] });
  });
});
