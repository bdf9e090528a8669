// Differential test against @cdktf/hcl2json (HCL's own Go parser compiled to WASM): block
// types, labels, attribute names, literal values, templates (strip markers, heredoc
// indentation, escapes) and expression source ranges must agree on realistic bake files, and
// syntax errors must be reported at the same place with the same summary.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import type { Body, Expr, TemplatePart } from '../../../src/config/hcl/ast.js';
import { parseHcl } from '../../../src/config/hcl/parser.js';

type Shape = null | string | number | boolean | Shape[] | { [k: string]: Shape };

/** hcl2json prints expressions as `${source}` and templates re-rendered from their parts. */
class Renderer {
  constructor(private readonly text: string) {}

  private src(e: Expr): string {
    return this.text.slice(e.range.start.byte, e.range.end.byte);
  }

  private parts(parts: TemplatePart[]): string {
    return parts.map((p) => this.part(p)).join('');
  }

  private part(p: TemplatePart): string {
    switch (p.kind) {
      case 'literal':
        return p.value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
      case 'interp':
        return `\${${this.src(p.expr)}}`;
      case 'if':
        return `%{if ${this.src(p.cond)}}${this.parts(p.then)}${p.else ? `%{else}${this.parts(p.else)}` : ''}%{endif}`;
      case 'for':
        return `%{for ${p.keyVar ? `${p.keyVar}, ` : ''}${p.valueVar} in ${this.src(p.collection)}}${this.parts(p.body)}%{endfor}`;
    }
  }

  expr(e: Expr): Shape {
    switch (e.kind) {
      case 'literal':
        return e.value as Shape;
      case 'unary': {
        // hcl2json folds the constants `-1` and `!true`.
        const v = e.operand.kind === 'literal' ? e.operand.value : undefined;
        if (e.op === '-' && typeof v === 'number') return -v;
        if (e.op === '!' && typeof v === 'boolean') return !v;
        return `\${${this.src(e)}}`;
      }
      case 'template':
        return this.parts(e.parts);
      case 'tuple':
        return e.items.map((i) => this.expr(i));
      case 'object': {
        const out: { [k: string]: Shape } = {};
        for (const { key, value } of e.items) out[String(this.expr(key))] = this.expr(value);
        return out;
      }
      default:
        return `\${${this.src(e)}}`;
    }
  }
}

/** Our body in hcl2json's layout: type → label → ... → [body]. */
function shape(body: Body, r: Renderer): { [k: string]: Shape } {
  const out: { [k: string]: Shape } = {};
  for (const a of body.attributes) out[a.name] = r.expr(a.expr);
  for (const b of body.blocks) {
    let container = out;
    let key = b.type;
    for (const label of b.labels) {
      container = (container[key] ??= {}) as { [k: string]: Shape };
      key = label;
    }
    ((container[key] ??= []) as Shape[]).push(shape(b.body, r));
  }
  return out;
}

const fixtureDir = join(import.meta.dirname, '../../fixtures/hcl/oracle');
const conformanceDir = '/work/shared/conformance/bake';

function hclFiles(): [string, string][] {
  const files: [string, string][] = readdirSync(fixtureDir).filter((f) => f.endsWith('.hcl')).map((f) => [f, join(fixtureDir, f)]);
  if (existsSync(conformanceDir)) {
    for (const ent of readdirSync(conformanceDir, { withFileTypes: true })) {
      if (!ent.isDirectory()) continue;
      const dir = ent.name;
      const sub = join(conformanceDir, dir);
      for (const f of readdirSync(sub).filter((n) => n.endsWith('.hcl'))) files.push([`${dir}/${f}`, join(sub, f)]);
    }
  }
  return files;
}

describe('parser agrees with hcl2json', () => {
  it.each(hclFiles())('%s', async (name, path) => {
    const text = readFileSync(path, 'utf8');
    const theirs = (await parse(name, text)) as Shape;
    expect(shape(parseHcl(name, text), new Renderer(text))).toEqual(theirs);
  });

  it.each([
    'a = \n',
    'a = 1 b = 2\n',
    'target "a" {\n  b = 1\n',
    '"a" = 1\n',
    'a = @\n',
    'a = "${b c}"\n',
    'a = [1 2]\n',
    'a = { b = 1 c = 2 }\n',
    'target "a" = 1\n',
    'a = 1\na = 2\n',
    'a = "\\q"\n',
    'a = "abc',
    'a = "x\ny"\n',
    '}\n',
    'a = <<EOT\nabc\n',
    'target "a" { b = 1 c = 2 }\n',
    'target "a" {} x = 1\n',
    'target "${x}" {}\n',
    'a = f(1 2)\n',
    'a = f(b..., c)\n',
    'a = (1\n',
    'a = x[1\n',
    'a = x.\n',
    'a = b ? c\n',
    'a = [for x xs : x]\n',
    'a = { b 1 }\n',
    'a = "%{if x}"\n',
    'a = "%{endif}"\n',
    'a = "${"\n',
    'a = "${}"\n',
    'a = 1 +\n2\n',
    'a = [\n1\n2]\n',
    'target "a" {\n  b {\n}\n',
    'a = {\n b = 1,\n c = 2,\n}\n',
    'a = 1.\n',
    'a = !\n',
    'target a b "c" {}\n',
    'a = "\\u00"\n',
    'a = {for k, v in x : k}\n',
    'a = [for k, v in x : k => v]\n',
    'a = "${x ~}"\n',
    'a = x.*.y[0].z\n',
    'a = "a" "b"\n',
  ])('reports %j like HCL', async (src) => {
    const theirs = await parse('e.hcl', src).then(
      () => 'no error',
      (e: unknown) => /\[(e\.hcl:[^:]+: [^;]+)/.exec(String(e))?.[1] ?? String(e),
    );
    let ours = 'no error';
    try {
      parseHcl('e.hcl', src);
    } catch (e) {
      ours = (e as Error).message.split(';')[0]!;
    }
    expect(ours).toBe(theirs);
  });
});
