import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../../../src/errors.js';
import type { Command, CopyCommand, RunCommand } from '../../../../../src/engine/frontend/dockerfile/instructions/commands.js';
import { parseDockerfile } from '../../../../../src/engine/frontend/dockerfile/instructions/parse.js';
import { runMounts } from '../../../../../src/engine/frontend/dockerfile/instructions/runmount.js';

const parse = (text: string) => parseDockerfile(text, 'Dockerfile');

function errorOf(text: string): SourceError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('expected a SourceError');
}

function only(text: string): Command {
  const { stages } = parse(`FROM scratch\n${text}`);
  return stages[0]!.commands[0]!;
}

describe('parseDockerfile: stages and meta args', () => {
  it('splits stages, keeps global ARGs and unexpanded values', () => {
    const r = parse('ARG BASE=alpine\nARG V\nFROM --platform=$BUILDPLATFORM ${BASE} AS Build\nENV A=$V\nFROM build\n');
    expect(r.metaArgs.map((a) => a.args)).toEqual([[{ key: 'BASE', value: 'alpine' }], [{ key: 'V' }]]);
    expect(r.stages).toHaveLength(2);
    expect(r.stages[0]).toMatchObject({ name: 'build', origName: 'Build', baseName: '${BASE}', platform: '$BUILDPLATFORM' });
    expect(r.stages[0]!.location).toEqual({ startLine: 3, endLine: 3 });
    expect(r.stages[0]!.commands[0]).toMatchObject({ name: 'env', env: [{ key: 'A', value: '$V', noDelim: false }] });
    expect(r.stages[1]).toMatchObject({ baseName: 'build', name: undefined, platform: undefined });
  });

  it('reports directives, the escape token and empty-continuation warnings', () => {
    const r = parse('# syntax=docker/dockerfile:1\n# escape=`\nFROM scratch\nRUN a `\n\n  b\n');
    expect(r.directives).toEqual({ syntax: 'docker/dockerfile:1', escape: '`' });
    expect(r.escapeToken).toBe('`');
    expect(r.warnings).toEqual([{ line: 6, message: 'Empty continuation line found in: RUN a   b' }]);
  });

  it.each([
    ['FROM a b', 1, 'FROM requires either one or three arguments'],
    ['FROM a AS 1x', 1, 'invalid name for build stage: "1x"'],
    ['RUN x', 1, 'no build stage in current context'],
    ['FROM a\nFROBNICATE x', 2, 'unknown instruction: FROBNICATE'],
    ['FROM a\nRUNN x', 2, 'unknown instruction: RUNN (did you mean RUN?)'],
    ['FROM a\nCOPY --bogus=1 a b', 2, 'unknown flag: --bogus'],
    ['FROM a\nCOPY --form=x a b', 2, 'unknown flag: --form (did you mean from?)'],
    ['FROM a\nFOO bar', 2, 'unknown instruction: FOO (did you mean FROM?)'],
    ['FROM a\nworkdr /x', 2, 'unknown instruction: workdr (did you mean workdir?)'],
    ['FROM a\nCOPY --from=$X a b', 2, 'variable expansion is not supported for --from'],
    ['FROM a\nCOPY --link=maybe a b', 2, 'expecting boolean value for flag --link, not: maybe'],
    ['FROM a\nCOPY a', 2, 'COPY requires at least two arguments'],
    ['FROM a\nCOPY a <<EOF\nx\nEOF', 2, 'COPY cannot accept a heredoc as a destination'],
    ['FROM a\nSHELL /bin/sh -c', 2, 'SHELL requires the arguments to be in JSON form'],
    ['FROM a\nVOLUME [""]', 2, 'VOLUME specified can not be an empty string'],
    ['FROM a\nENV =x', 2, 'ENV names can not be blank'],
    ['FROM a\nARG =x', 2, 'ARG names can not be blank'],
    ['FROM a\nONBUILD ONBUILD RUN x', 2, 'Chaining ONBUILD'],
    ['FROM a\nONBUILD FROM x', 2, "FROM isn't allowed as an ONBUILD trigger"],
    ['FROM a\nHEALTHCHECK --interval=500us CMD x', 2, 'Interval "interval" cannot be less than 1ms'],
    ['FROM a\nHEALTHCHECK --timeout=5 CMD x', 2, 'time: missing unit in duration "5"'],
    ['FROM a\nHEALTHCHECK --retries=-1 CMD x', 2, '--retries cannot be negative (-1)'],
    ['FROM a\nHEALTHCHECK FOO x', 2, 'Unknown type "FOO" in HEALTHCHECK (try CMD)'],
    ['FROM a\nHEALTHCHECK CMD', 2, 'Missing command after HEALTHCHECK CMD'],
    ['FROM a\nRUN --network=bridge x', 2, 'unsupported network mode "bridge"'],
    ['FROM a\nRUN --mount=from=$X,target=/x x', 2, "'from' doesn't support variable expansion"],
    ['FROM a\nRUN \\\n --mount=type=bind,tar\\"get=/x x', 2, 'failed to parse csv mounts'],
    ['FROM a\nWORKDIR', 2, 'WORKDIR requires exactly one argument'],
  ])('%j fails at line %i', (text, line, message) => {
    const err = errorOf(text);
    expect(err.message.startsWith(`Dockerfile:${line}: `)).toBe(true);
    expect(err.message).toContain(message);
    expect(err.range?.start.line).toBe(line);
  });
});

describe('parseDockerfile: exact wording', () => {
  it('words a shell-form SHELL as BuildKit does on Linux, without repeating the instruction', () => {
    expect(errorOf('FROM a\nSHELL /bin/sh -c').message).toBe('Dockerfile:2: SHELL requires the arguments to be in JSON form');
  });
});

describe('COPY --from must be literal', () => {
  it.each(['$X', '${X}', '"$X"', 'a$-b', 'a$1'])('rejects %j, which the shell lexer would change', (from) => {
    expect(errorOf(`FROM a\nCOPY --from=${from} x y`).message).toContain('variable expansion is not supported for --from');
  });

  it.each(['build', '0', 'alpine:3.20', 'reg.io/img@sha256:abc', 'a$', 'a$.b'])('accepts %j', (from) => {
    expect(only(`COPY --from=${from} x y`)).toMatchObject({ from });
  });

  it('sees the value after the flag word lost its quotes', () => {
    expect(only('COPY --from="build" x y')).toMatchObject({ from: 'build' });
  });
});

describe('parseDockerfile: commands', () => {
  it('parses RUN flags, mounts with aliases and defaults, network and security', () => {
    // Mount values are checked only once expanded, as in BuildKit: a bad type parses here.
    expect(only('RUN --mount=type=$T x')).toMatchObject({ mountFlags: ['type=$T'] });
    const run = only(
      'RUN --mount=type=cache,dst=/root/.cache,id=go,sharing=locked,mode=0700,uid=1000 --mount=src=x,destination=/src,rw ' +
        '--mount=type=secret,id=tok,env=TOKEN,required --mount=type=tmpfs,target=/t,size=64m --network=none --security=insecure go build',
    ) as RunCommand;
    expect(run).toMatchObject({ name: 'run', cmdLine: ['go build'], prependShell: true, network: 'none', security: 'insecure' });
    expect(runMounts(run, (w) => w)).toEqual([
      { type: 'cache', target: '/root/.cache', cacheId: 'go', cacheSharing: 'locked', mode: 0o700, uid: 1000, readOnly: false, required: false },
      { type: 'bind', source: 'x', target: '/src', readOnly: false, required: false },
      { type: 'secret', cacheId: 'tok', env: 'TOKEN', readOnly: true, required: true },
      { type: 'tmpfs', target: '/t', sizeLimit: 64 * 2 ** 20, readOnly: false, required: false },
    ]);
  });

  it('keeps exec form, heredoc files and chomps <<-', () => {
    const exec = only('CMD ["echo", "$HOME"]');
    expect(exec).toMatchObject({ name: 'cmd', cmdLine: ['echo', '$HOME'], prependShell: false });
    const run = only("RUN <<-EOT bash\n\techo $A\n\tEOT\n") as RunCommand;
    expect(run.cmdLine).toEqual(['<<-EOT bash']);
    expect(run.files).toEqual([{ name: 'EOT', data: 'echo $A\n', expand: true }]);
  });

  it('parses COPY/ADD flags and heredoc sources', () => {
    const copy = only("COPY --from=build --chown=1:2 --chmod=u+x --link --parents --exclude=*.md --exclude=x <<'A' src /dst/\nhi $X\nA\n") as CopyCommand;
    expect(copy).toMatchObject({
      name: 'copy',
      from: 'build',
      chown: '1:2',
      chmod: 'u+x',
      link: true,
      parents: true,
      excludePatterns: ['*.md', 'x'],
      sourcePaths: ['src'],
      destPath: '/dst/',
      sourceContents: [{ name: 'A', data: 'hi $X\n', expand: false }],
    });
    expect(only('ADD --keep-git-dir --checksum=sha256:abc --unpack=false https://x/a.tgz /a')).toMatchObject({
      name: 'add',
      keepGitDir: true,
      checksum: 'sha256:abc',
      unpack: false,
      sourcePaths: ['https://x/a.tgz'],
    });
  });

  it('parses HEALTHCHECK durations in ns, NONE, and shell/exec tests', () => {
    expect(only('HEALTHCHECK --interval=1m30s --timeout=.5s --start-period=2ms --start-interval=1h --retries=3 CMD curl -f x')).toMatchObject({
      health: { test: ['CMD-SHELL', 'curl -f x'], interval: 90e9, timeout: 5e8, startPeriod: 2e6, startInterval: 3600e9, retries: 3 },
    });
    expect(only('HEALTHCHECK CMD ["a", "b"]')).toMatchObject({ health: { test: ['CMD', 'a', 'b'] } });
    expect(only('HEALTHCHECK NONE')).toMatchObject({ health: { test: ['NONE'], interval: 0 } });
  });

  it('takes a zero HEALTHCHECK duration as unset instead of rejecting it as below 1ms', () => {
    expect(only('HEALTHCHECK --interval=0s --timeout=0ms --retries=0 CMD x')).toMatchObject({
      health: { test: ['CMD-SHELL', 'x'], interval: 0, timeout: 0, retries: 0 },
    });
  });

  it('parses ENV/LABEL legacy form, ARG pairs, EXPOSE sorted, ONBUILD text and the rest', () => {
    expect(only('ENV PATH /usr/bin:$PATH')).toMatchObject({ env: [{ key: 'PATH', value: '/usr/bin:$PATH', noDelim: true }] });
    expect(only('LABEL a="b c" d=e')).toMatchObject({ labels: [{ key: 'a', value: '"b c"' }, { key: 'd', value: 'e' }] });
    expect(only('ARG A B=1 C=')).toMatchObject({ args: [{ key: 'A' }, { key: 'B', value: '1' }, { key: 'C', value: '' }] });
    expect(only('EXPOSE 8080/udp 443 80')).toMatchObject({ ports: ['443', '80', '8080/udp'] });
    expect(only('onbuild  RUN <<EOF\necho hi\nEOF\n')).toMatchObject({ name: 'onbuild', expression: 'RUN <<EOF\necho hi\nEOF' });
    expect(only('ENTRYPOINT []')).toMatchObject({ name: 'entrypoint', cmdLine: [] });
    expect(only('SHELL ["/bin/bash", "-c"]')).toMatchObject({ shell: ['/bin/bash', '-c'] });
    expect(only('VOLUME /a /b')).toMatchObject({ volumes: ['/a', '/b'] });
    expect(only('USER 1000:1000')).toMatchObject({ user: '1000:1000' });
    expect(only('WORKDIR /app')).toMatchObject({ path: '/app' });
    expect(only('STOPSIGNAL SIGTERM')).toMatchObject({ signal: 'SIGTERM' });
    expect(only('MAINTAINER Jane Doe <j@d>')).toMatchObject({ maintainer: 'Jane Doe <j@d>' });
  });
});
