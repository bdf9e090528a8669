import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError, hostCommand, runCommand, runInShell, shellQuote } from '../../../src/engine/host/command-runner.js';
import { decodeRaw, fsPath } from '../../../src/engine/layer/raw-names.js';

describe('command runner', () => {
  it('passes arguments with spaces, quotes, newlines and shell characters unchanged', async () => {
    const args = ['a b', "it's", 'say "hi"', 'line1\nline2', '$HOME `id` $(id) ;|&', '', '*'];
    const r = await runCommand('printf', ['%s\\0', ...args]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(args);
  });

  it('reports exit codes and captures stderr apart from stdout', async () => {
    const r = await runCommand('sh', ['-c', 'echo out; echo err >&2; exit 7']);
    expect(r).toEqual({ exitCode: 7, stdout: 'out\n', stderr: 'err\n' });
  });

  it('keeps bytes of stdout that are not UTF-8, escaped as names are', async () => {
    expect((await runCommand('printf', ['a\\351\\303\\251'])).stdout).toBe(`a${decodeRaw(Buffer.from([0xe9]))}é`);
  });

  it('keeps output without a trailing newline exact', async () => {
    expect((await runCommand('printf', ['abc'])).stdout).toBe('abc');
  });

  it('rejects a failing command with a CommandError', async () => {
    const err = await hostCommand('ls', ['/nonexistent-bake-path']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).exitCode).not.toBe(0);
    expect((err as CommandError).stderr).toContain('nonexistent-bake-path');
  });

  it('runs in the given cwd and does not read the shell input as stdin', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-'));
    await writeFile(join(dir, 'f'), 'x');
    expect((await runCommand('ls', [], { cwd: dir })).stdout).toBe('f\n');
    expect((await runCommand('cat', [])).stdout).toBe('');
  });

  it('never mixes the output of concurrent commands', async () => {
    const runs = Array.from({ length: 40 }, (_, i) => runCommand('sh', ['-c', `sleep 0.0$((${i} % 3)); printf '%s' ${i}; printf 'e${i}' >&2; exit $((${i} % 5))`]));
    const results = await Promise.all(runs);
    results.forEach((r, i) => expect(r).toEqual({ exitCode: i % 5, stdout: String(i), stderr: `e${i}` }));
  });

  it('carries large output', async () => {
    const r = await runCommand('head', ['-c', '3000000', '/dev/zero']);
    expect(r.stdout.length).toBe(3000000);
  });

  it('survives a shell that dies: the command fails, the next one runs on a new shell', async () => {
    const err = await hostCommand('sh', ['-c', 'kill -9 $PPID']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((await runCommand('echo', ['again'])).stdout).toBe('again\n');
  });

  it('refuses NUL bytes in arguments', async () => {
    expect(() => shellQuote('a\0b')).toThrow();
    await expect(runCommand('echo', ['a\0b'])).rejects.toThrow('NUL');
  });

  describe('shell fallback (no process helper)', () => {
    it('passes arguments unchanged, in the cwd, and reports status and output apart', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'runner-'));
      const args = ['a b', "it's", 'line1\nline2', '$HOME `id` ;|&', ''];
      const r = await runInShell('sh', ['-c', 'printf "%s\\0" "$@"; pwd; echo err >&2; exit 4', 'sh', ...args], { cwd: dir });
      expect(r.exitCode).toBe(4);
      expect(r.stdout.split('\0')).toEqual([...args, `${dir}\n`]);
      expect(r.stderr).toBe('err\n');
    });

    it('passes a name that is not UTF-8 as its exact bytes, and keeps such bytes in stdout', async () => {
      const name = decodeRaw(Buffer.from([0x6e, 0xe9, 0x27, 0x0a, 0xff]));
      const r = await runInShell('sh', ['-c', 'printf %s "$1" | od -An -tx1 | tr -d " \n"; printf "\\351"', 'sh', name]);
      expect(r.stdout).toBe(`6ee9270aff${decodeRaw(Buffer.from([0xe9]))}`);
      const dir = await mkdtemp(join(tmpdir(), 'runner-'));
      const raw = join(dir, decodeRaw(Buffer.from([0x64, 0xe9])));
      await mkdir(fsPath(raw));
      expect((await runInShell('pwd', [], { cwd: raw })).stdout).toBe(`${raw}\n`);
    });

    it('never mixes the output of concurrent commands', async () => {
      const runs = Array.from({ length: 20 }, (_, i) => runInShell('sh', ['-c', `printf '%s' ${i}; exit $((${i} % 3))`]));
      (await Promise.all(runs)).forEach((r, i) => expect(r).toEqual({ exitCode: i % 3, stdout: String(i), stderr: '' }));
    });
  });
});
