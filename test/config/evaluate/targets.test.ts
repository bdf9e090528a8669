import { describe, expect, it } from 'vitest';
import { attrsOf, bake, bakeError } from './helpers.js';
import { fromBigInt } from '../../../src/config/hcl/number.js';

describe('target blocks', () => {
  it('evaluates every attribute to a value and records where it was written', () => {
    const config = bake({
      'a.hcl': 'target "app" {\n  context = "."\n  args = { A = 1, B = null }\n  no-cache = true\n  inherits = ["base"]\n}\n',
    });
    const [t] = config.targets;
    expect(t!.attrs).toEqual({ context: '.', args: { A: 1, B: null }, 'no-cache': true, inherits: ['base'] });
    expect(t!.ranges.args).toMatchObject({ filename: 'a.hcl', start: { line: 3, column: 10 } });
    expect(t!.range).toMatchObject({ start: { line: 1, column: 8 } });
  });

  it('keeps same-named blocks as separate targets in order', () => {
    const config = bake({
      'a.hcl': 'target "app" {\n  tags = ["a"]\n}\n',
      'b.hcl': 'target "app" {\n  tags = ["b"]\n}\n',
    });
    expect(config.targets.map((t) => t.attrs.tags)).toEqual([['a'], ['b']]);
  });

  it('rejects unknown attributes and nested blocks', () => {
    expect(bakeError({ 'a.hcl': 'target "app" {\n  tag = ["x"]\n}\n' })).toBe(
      'a.hcl:2,3-6: Unsupported argument; An argument named "tag" is not expected here. Did you mean "tags"?',
    );
    expect(bakeError({ 'a.hcl': 'target "app" {\n  args {\n  }\n}\n' })).toContain(
      'Unsupported block type; Blocks of type "args" are not expected here.',
    );
    expect(bakeError({ 'a.hcl': 'targets "app" {\n}\n' })).toBe('a.hcl:1,1-8: Unexpected "targets" block; Blocks are not allowed here.');
  });

  it('checks labels and names', () => {
    expect(bakeError({ 'a.hcl': 'target "a" "b" {\n}\n' })).toContain('Invalid block; invalid block label');
    expect(bakeError({ 'a.hcl': 'target "a.b" {\n}\n' })).toBe(
      'a.hcl:1,8-13: Invalid name; only "[a-zA-Z0-9_-]+" are allowed',
    );
  });
});

describe('group blocks', () => {
  it('reads targets and description', () => {
    const config = bake({ 'a.hcl': 'group "default" {\n  targets = ["a", "b"]\n  description = "all"\n}\n' });
    expect(config.groups).toEqual([
      expect.objectContaining({ name: 'default', targets: ['a', 'b'], description: 'all' }),
    ]);
  });

  it('rejects matrix, name and unknown attributes', () => {
    expect(bakeError({ 'a.hcl': 'group "g" {\n  matrix = {}\n}\n' })).toContain('matrix is not supported for groups');
    expect(bakeError({ 'a.hcl': 'group "g" {\n  name = "x"\n}\n' })).toContain('name is not supported for groups');
    expect(bakeError({ 'a.hcl': 'group "g" {\n  tags = []\n}\n' })).toContain('An argument named "tags" is not expected here.');
  });

  it('requires targets', () => {
    expect(bakeError({ 'a.hcl': 'target "a" {}\ngroup "g" {\n  description = "d"\n}\n' })).toBe(
      'a.hcl:2,11-11: Missing required argument; The argument "targets" is required, but no definition was found.',
    );
  });
});

describe('references between blocks', () => {
  it('reads another target attribute, a group list and a whole block', () => {
    const config = bake({
      'a.hcl': `target "base" {
  tags = ["x"]
  args = { A = "1" }
}
group "g" {
  targets = ["base"]
}
target "app" {
  tags = concat(target.base.tags, ["y"])
  args = target.base.args
  labels = { n = length(group.g.targets), d = target.base.dockerfile, all = target.base.tags[0] }
}
`,
    });
    expect(attrsOf(config, 'app').args).toEqual({ A: '1' });
    expect(attrsOf(config, 'app').labels).toEqual({ all: 'x', d: null, n: fromBigInt(1n) });
    expect(attrsOf(config, 'app').tags).toEqual(['x', 'y']);
  });

  it('types a referenced attribute as the Target struct field holding it', () => {
    const config = bake({
      'a.hcl': `variable "M" {
  type = map(string)
  default = { a = "1", b = 2 }
}
target "base" {
  args = { A = 1, B = true }
  no-cache = "true"
  tags = [1]
}
target "app" {
  args = {
    n = length(target.base.args)
    m = length(M)
    j = jsonencode([target.base.args, target.base.no-cache, target.base.tags])
  }
}
`,
    });
    expect(attrsOf(config, 'app').args).toEqual({ n: fromBigInt(2n), m: fromBigInt(2n), j: '[{"A":"1","B":"true"},true,["1"]]' });
  });

  it('detects reference cycles', () => {
    const msg = bakeError({
      'a.hcl': 'target "a" {\n  target = target.b.target\n}\ntarget "b" {\n  target = target.a.target\n}\n',
    });
    // buildx names the second read of the cycle, failing in the expression that made it.
    expect(msg).toBe('a.hcl:2,12-27: Invalid expression; reference cycle not allowed for target.b.target');
    const viaThird = bakeError({
      'a.hcl': 'target "c" {\n  target = target.a.target\n}\ntarget "a" {\n  target = target.b.target\n}\ntarget "b" {\n  target = target.a.target\n}\n',
    });
    expect(viaThird).toBe('a.hcl:8,12-27: Invalid expression; reference cycle not allowed for target.a.target');
  });

  it("reads a target's name as its label and lets it read its own attributes", () => {
    const config = bake({ 'a.hcl': 'target "foo" {\n  dockerfile = "x"\n  target = target.foo.name\n  context = target.foo.dockerfile\n}\n' });
    expect(attrsOf(config, 'foo')).toEqual({ dockerfile: 'x', target: 'foo', context: 'x' });
  });

  it('reads referenced object lists decoded, whether written as CSV or as objects', () => {
    const config = bake({
      'a.hcl': `target "base" {
  output = ["type=docker,dest=out.tar", { type = "local", dest = "dir" }]
  cache-from = ["repo/cache:main", "type=gha,scope=ci"]
  secret = ["id=tok,env=TOKEN"]
  ssh = ["agent=/run/a.sock,/run/b.sock"]
  attest = ["type=sbom,disabled=true"]
}
target "app" {
  args = {
    OUT = target.base.output[0].type
    DEST = target.base.output[1].dest
    CACHE = target.base.cache-from[0].ref
    SCOPE = target.base.cache-from[1].scope
    SECRET = target.base.secret[0].env
    SSH = target.base.ssh[0].paths[1]
    SBOM = target.base.attest[0].disabled
  }
  secret = target.base.secret
}
`,
    });
    expect(attrsOf(config, 'app').args).toEqual({
      OUT: 'docker', DEST: 'dir', CACHE: 'repo/cache:main', SCOPE: 'ci', SECRET: 'TOKEN', SSH: '/run/b.sock', SBOM: 'true',
    });
    expect(attrsOf(config, 'app').secret).toEqual([{ id: 'tok', env: 'TOKEN' }]);
  });

  it("reads a same-named target's attribute from its last block only, as buildx stores it", () => {
    const config = bake({
      'a.hcl': 'target "base" {\n  tags = ["t"]\n  target = "one"\n}\ntarget "app" {\n  tags = target.base.tags\n  target = target.base.target\n}\n',
      'b.hcl': 'target "base" {\n  target = "two"\n}\n',
    });
    expect(attrsOf(config, 'app')).toEqual({ tags: null, target: 'two' });
  });

  it('rejects unknown blocks and attributes', () => {
    expect(bakeError({ 'a.hcl': 'target "a" {\n  target = target.zz.target\n}\n' })).toContain(
      'This object does not have an attribute named "zz".',
    );
    expect(bakeError({ 'a.hcl': 'target "b" {\n}\ntarget "a" {\n  target = target.b.nope\n}\n' })).toContain(
      'This object does not have an attribute named "nope".',
    );
  });

  it('lets a local name shadow the block root', () => {
    const config = bake({ 'a.hcl': 'target "a" {\n  tags = [for target in ["x"] : target]\n}\n' });
    expect(attrsOf(config, 'a').tags).toEqual(['x']);
  });
});
