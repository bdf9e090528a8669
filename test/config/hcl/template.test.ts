import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/config/hcl/parser.js';
import { parseTemplate } from '../../../src/config/hcl/template.js';
import { dump } from '../../fixtures/hcl/dump.js';

const d = (src: string): string => dump(parseExpression('x.hcl', src));
const raw = (src: string): string => dump(parseTemplate('x.json', src, { line: 1, column: 1, byte: 0 }));

describe('quoted templates', () => {
  it('decodes escapes', () => {
    expect(d('"a\\nb\\t\\"\\\\\\u00e9\\U0001F600"')).toBe(`(tpl ${JSON.stringify('a\nb\t"\\é😀')})`);
  });

  it('parses interpolations, a single one kept as the only part', () => {
    expect(d('"${x}"')).toBe('(tpl (${ x))');
    expect(d('"a-${x.y}-${f(1)}"')).toBe('(tpl "a-" (${ (. x y)) "-" (${ (f 1)))');
    expect(d('"${ {a = "}"}.a }"')).toBe('(tpl (${ (. {(tpl "a")=(tpl "}")} a)))');
  });

  it('gives plain strings (no escape or sequence) one literal part spanning the text', () => {
    const e = parseExpression('x.hcl', ' "a😀b" ');
    const parts = e.kind === 'template' ? e.parts : [];
    expect(parts.map((p) => [p.kind, p.kind === 'literal' && p.value, p.range.filename, p.range.start, p.range.end])).toEqual([
      ['literal', 'a😀b', 'x.hcl', { line: 1, column: 3, byte: 2 }, { line: 1, column: 6, byte: 6 }],
    ]);
    expect([e.range.start, e.range.end]).toEqual([{ line: 1, column: 2, byte: 1 }, { line: 1, column: 7, byte: 7 }]);
    const empty = parseExpression('x.hcl', '""');
    expect(empty.kind === 'template' && empty.parts).toEqual([]);
    expect(() => parseExpression('x.hcl', '"a\nb"')).toThrow(/Invalid multi-line string/);
  });

  it('keeps escaped sequences literal, and lone $ and %', () => {
    expect(d('"literal-$${NAME} pct-%%{x} $NAME 100%"')).toBe('(tpl "literal-${NAME} pct-%{x} $NAME 100%")');
  });

  it('parses if and for directives', () => {
    expect(d('"%{if a}yes%{else}no%{endif}"')).toBe('(tpl (%if a ("yes") ("no")))');
    expect(d('"%{ if a }yes%{ endif }"')).toBe('(tpl (%if a ("yes")))');
    expect(d('"%{for k, v in m}${k}=${v},%{endfor}"')).toBe('(tpl (%for k v m ((${ k) "=" (${ v) ",")))');
    expect(d('"%{for v in l}%{if v}x%{endif}%{endfor}"')).toBe('(tpl (%for _ v l ((%if v ("x")))))');
  });

  it('applies strip markers to neighbouring literals', () => {
    expect(d('"a  ${~ x ~}  b"')).toBe('(tpl "a" (${ x) "b")');
    expect(d('"a \\n %{~ if c ~} \\n b %{~ endif ~} c"')).toBe('(tpl "a" (%if c ("b")) "c")');
  });

  it('rejects unpaired directives', () => {
    expect(() => d('"%{if a}x"')).toThrow('x.hcl:1,10-11: Unexpected end of template; The if directive at x.hcl:1,2-9 is missing its corresponding endif directive.');
    expect(() => d('"x%{endif}"')).toThrow('x.hcl:1,3-11: Unexpected endif directive');
    expect(() => d('"%{for a in b}%{else}%{endfor}"')).toThrow('Unexpected else directive');
    expect(() => d('"%{bogus}"')).toThrow('x.hcl:1,4-9: Invalid template control keyword; "bogus" is not a valid template control keyword.');
    expect(() => d('"%{*}"')).toThrow('x.hcl:1,4-5: Invalid template directive');
  });
});

describe('heredocs', () => {
  it('keeps text verbatim, with interpolations, up to the closing marker', () => {
    expect(d('<<EOT\nhello \\n\n  ${x}\nEOT\n')).toBe('(tpl "hello \\\\n\\n  " (${ x) "\\n")');
  });

  it('removes the smallest indentation for <<-, leaving whitespace-only lines alone', () => {
    expect(d('<<-EOT\n    a\n      \n    b\n    EOT\n')).toBe('(tpl "a\\n      \\nb\\n")');
    expect(d('<<-EOT\n    a\n\n      b ${x}\n    EOT')).toBe('(tpl "a\\n\\n  b " (${ x) "\\n")');
    expect(d('<<-EOT\n    a\n    ${x}\n  EOT')).toBe('(tpl "a\\n" (${ x) "\\n")');
  });

  it('strips only the adjacent line, as HCL strips one literal token', () => {
    expect(d('<<EOT\nx ${~ y ~}\n\nz\nEOT\n')).toBe('(tpl "x" (${ y) "\\nz\\n")');
  });

  it('does not unindent a line whose line break a strip marker removed', () => {
    expect(d('<<-EOT\n    x ${y ~}\n    z\n    EOT\n')).toBe('(tpl "x " (${ y) "    z\\n")');
  });

  it('fails without a closing marker', () => {
    expect(() => d('<<EOT\nabc\n')).toThrow('Unterminated template string');
  });
});

describe('parseTemplate', () => {
  it('reads bare template text (no backslash escapes, quotes literal)', () => {
    expect(raw('docker.io/acme/webapp:${TAG}')).toBe('(tpl "docker.io/acme/webapp:" (${ TAG))');
    expect(raw('a "b" \\n $${c}')).toBe('(tpl "a \\"b\\" \\\\n ${c}")');
  });

  it('places nodes at the given start position', () => {
    const t = parseTemplate('x.json', 'ab${c}', { line: 4, column: 10, byte: 50 });
    expect(t.range.start).toEqual({ line: 4, column: 10, byte: 50 });
    expect(t.parts[1]!.range.start).toEqual({ line: 4, column: 12, byte: 52 });
    expect(t.range.end).toEqual({ line: 4, column: 16, byte: 56 });
  });

  it('reports errors inside interpolations at their position', () => {
    expect(() => raw('ab${c d}')).toThrow('x.json:1,7-8: Extra characters after interpolation expression');
  });
});
