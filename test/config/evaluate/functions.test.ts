import { describe, expect, it } from 'vitest';
import { attrsOf, bake, bakeError } from './helpers.js';

describe('user functions', () => {
  it('supports params, variadic params, nesting and globals in the result', () => {
    const config = bake({
      'a.hcl': `variable "REGISTRY" {
  default = "ghcr.io/acme"
}
function "image" {
  params = [name]
  result = "\${REGISTRY}/\${name}"
}
function "tags" {
  params = [name]
  variadic_params = versions
  result = [for v in versions : "\${image(name)}:\${v}"]
}
target "app" {
  tags = tags("app", "1", "latest")
}
`,
    });
    expect(attrsOf(config, 'app').tags).toEqual(['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest']);
  });

  it('checks the number of arguments', () => {
    const fn = 'function "f" {\n  params = [a, b]\n  result = a\n}\n';
    expect(bakeError({ 'a.hcl': fn + 'X = f(1)\n' })).toContain('Not enough function arguments; Function "f" expects 2 argument(s).');
    expect(bakeError({ 'a.hcl': fn + 'X = f(1, 2, 3)\n' })).toContain('Too many function arguments');
  });

  it('accepts null arguments', () => {
    const config = bake({ 'a.hcl': 'function "isnull" {\n  params = [a]\n  result = a == null\n}\nX = isnull(null)\ntarget "app" {\n  args = { X = X }\n}\n' });
    expect(attrsOf(config, 'app').args).toEqual({ X: true });
  });

  it('rejects recursion', () => {
    const text = 'function "f" {\n  params = [n]\n  result = n == 0 ? 0 : f(n - 1)\n}\nX = f(3)\n';
    expect(bakeError({ 'a.hcl': text })).toContain('function cycle not allowed for f');
  });

  it('reports an error in the body as a failed call at the call site', () => {
    const text = 'function "f" {\n  params = [a]\n  result = nope\n}\nX = f(1)\n';
    expect(bakeError({ 'a.hcl': text })).toBe(
      'a.hcl:5,5-7: Error in function call; Call to function "f" failed: a.hcl:3,12-16: Unknown variable; There is no variable named "nope"..',
    );
  });

  it('does not let can() hide a recursion', () => {
    const text = 'function "f" {\n  params = [n]\n  result = f(n)\n}\nX = can(f(1))\n';
    expect(bakeError({ 'a.hcl': text })).toContain('function cycle not allowed for f');
  });

  it('requires params and result', () => {
    expect(bakeError({ 'a.hcl': 'function "f" {\n  result = 1\n}\n' })).toContain('empty params not allowed for f');
    expect(bakeError({ 'a.hcl': 'function "f" {\n  params = []\n}\n' })).toContain('empty result not allowed for f');
  });

  it('overrides a stdlib function of the same name', () => {
    const config = bake({ 'a.hcl': 'function "upper" {\n  params = [s]\n  result = "mine-${s}"\n}\nX = upper("a")\ntarget "app" {\n  args = { X = X }\n}\n' });
    expect(attrsOf(config, 'app').args).toEqual({ X: 'mine-a' });
  });
});
