import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../../src/errors.js';
import { parseMount, runMounts } from '../../../../../src/engine/frontend/dockerfile/instructions/runmount.js';
import { parseDockerfile } from '../../../../../src/engine/frontend/dockerfile/instructions/parse.js';
import type { RunCommand } from '../../../../../src/engine/frontend/dockerfile/instructions/commands.js';
import { ShellLex } from '../../../../../src/engine/frontend/dockerfile/shell/lex.js';

const literal = (w: string) => w;

describe('parseMount', () => {
  it('applies type defaults for read-only', () => {
    expect(parseMount('target=/a', literal)).toEqual({ type: 'bind', target: '/a', readOnly: true, required: false });
    expect(parseMount('type=cache,target=/a', literal).readOnly).toBe(false);
    expect(parseMount('type=tmpfs,target=/a', literal).readOnly).toBe(false);
    expect(parseMount('type=ssh', literal)).toEqual({ type: 'ssh', readOnly: true, required: false });
    expect(parseMount('type=cache,target=/a,ro', literal).readOnly).toBe(true);
    expect(parseMount('target=/a,readwrite=true', literal).readOnly).toBe(false);
    expect(parseMount('target=/a,rw=0', literal).readOnly).toBe(true);
  });

  it('takes env on any mount type, as BuildKit parses it', () => {
    expect(parseMount('type=cache,target=/c,env=X', literal)).toMatchObject({ type: 'cache', env: 'X' });
  });

  it('accepts CSV quoting and case-insensitive keys and types', () => {
    expect(parseMount('"type=secret","id=a,b",TARGET=/run/s,Required=true', literal)).toMatchObject({
      type: 'secret',
      cacheId: 'a,b',
      target: '/run/s',
      required: true,
    });
    expect(parseMount('type=CACHE,target=/c,sharing=PRIVATE', literal)).toMatchObject({ type: 'cache', cacheSharing: 'private' });
  });

  it.each([
    ['type=bind,required', "unexpected key 'required' for mount type 'bind'"],
    ['type=bind,size=1m', "unexpected key 'size' for mount type 'bind'"],
    ['type=tmpfs,size=lots', 'invalid value for size: lots'],
    ['type=cache,mode=9', 'invalid value 9 for mode'],
    ['type=cache,uid=-1', 'invalid value -1 for uid'],
    ['type=bind,target=/a,sharing=shared', 'invalid cache sharing set for bind mount'],
    ['type=cache,sharing=sometimes', 'unsupported sharing value "sometimes"'],
    ['type=secret', 'invalid secret mount. one of source, target required'],
    ['type=secret,src=a,id=b', "both source and id can't be set"],
    ['type=secret,id=a,from=x', 'secret mount should not have a from'],
    ['type=secret,id=a,sharing=shared', 'secret mount should not define sharing'],
    ['type=cach', 'unsupported mount type "cach" (did you mean cache?)'],
    ['type=cache,sharing=lock', 'unsupported sharing value "lock" (did you mean locked?)'],
    ['target=/a,trget=/b', "unexpected key 'trget' in 'trget=/b' (did you mean target?)"],
    ['target=/a,ro=maybe', 'invalid value for ro: maybe'],
    ['target=/a,color=blue', "unexpected key 'color' in 'color=blue'"],
    ['target=/a,weird', "invalid field 'weird' must be a key=value pair"],
    ['target="/a', 'failed to parse csv mounts'],
  ])('%s → %s', (value, message) => {
    expect(() => parseMount(value, literal)).toThrow(UserError);
    expect(() => parseMount(value, literal)).toThrow(message);
  });
});

describe('runMounts', () => {
  it('re-parses the raw flags with the expander (values only, not keys)', () => {
    const { stages } = parseDockerfile('FROM a\nRUN --mount=type=$T,target=${DIR}/x,id=$ID go\n', 'Dockerfile');
    const run = stages[0]!.commands[0] as RunCommand;
    const lex = new ShellLex();
    const env = { T: 'cache', DIR: '/root', ID: 'gomod' };
    expect(runMounts(run, (w) => lex.processWord(w, env))).toEqual([
      { type: 'cache', target: '/root/x', cacheId: 'gomod', readOnly: false, required: false },
    ]);
  });
});
