import { describe, expect, it } from 'vitest';
import { cleanSubdir, isGitUrl, isHttpUrl, parseGitRef } from '../../../../src/engine/sources/git/url.js';

describe('git URLs', () => {
  it('tells git URLs from http files as BuildKit does', () => {
    expect(isGitUrl('https://example.com/org/repo.git')).toBe(true);
    expect(isGitUrl('https://example.com/org/repo.git#main:sub')).toBe(true);
    expect(isGitUrl('git://127.0.0.1:9418/repo.git')).toBe(true);
    expect(isGitUrl('ssh://git@example.com/org/repo')).toBe(true);
    expect(isGitUrl('git@github.com:org/repo.git')).toBe(true);
    expect(isGitUrl('github.com/org/repo')).toBe(true);
    expect(isGitUrl('https://example.com/ctx.tar.gz')).toBe(false);
    expect(isGitUrl('https://example.com/org/repo')).toBe(false);
    expect(isGitUrl('./repo.git')).toBe(false);
    expect(isGitUrl('docker-image://alpine')).toBe(false);
    expect(isHttpUrl('https://example.com/ctx.tar.gz')).toBe(true);
    expect(isHttpUrl('https://example.com/repo.git')).toBe(false);
  });

  it('reads the ref and subdir of the fragment', () => {
    expect(parseGitRef('https://h/r.git')).toEqual({ remote: 'https://h/r.git', ref: '', subdir: '' });
    expect(parseGitRef('https://h/r.git#v1.0')).toEqual({ remote: 'https://h/r.git', ref: 'v1.0', subdir: '' });
    expect(parseGitRef('https://h/r.git#refs/pull/3/head:app/src')).toEqual({
      remote: 'https://h/r.git',
      ref: 'refs/pull/3/head',
      subdir: 'app/src',
    });
    expect(parseGitRef('https://h/r.git#:docs')).toEqual({ remote: 'https://h/r.git', ref: '', subdir: 'docs' });
    expect(parseGitRef('github.com/o/r#dev').remote).toBe('https://github.com/o/r');
  });

  it('reads the query form, branch and tag named explicitly', () => {
    expect(parseGitRef('https://h/r.git?ref=main&subdir=app&checksum=abc123')).toEqual({
      remote: 'https://h/r.git',
      ref: 'main',
      subdir: 'app',
      checksum: 'abc123',
    });
    expect(parseGitRef('https://h/r.git?tag=v1').ref).toBe('refs/tags/v1');
    expect(parseGitRef('https://h/r.git?branch=dev').ref).toBe('refs/heads/dev');
    expect(() => parseGitRef('https://h/r.git?foo=1')).toThrow(/unknown query parameter foo/);
    expect(() => parseGitRef('https://h/r.git?ref=a#b')).toThrow(/cannot be combined/);
    expect(() => parseGitRef('https://h/ctx.tar')).toThrow(/invalid git URL/);
  });

  it('keeps subdirs inside the repository', () => {
    expect(cleanSubdir('u', './a//b/')).toBe('a/b');
    expect(() => cleanSubdir('u', 'a/../../etc')).toThrow(/leaves the repository/);
  });
});
