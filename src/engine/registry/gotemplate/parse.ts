// The part of Go's text/template that inspect formats use: text, `{{pipeline}}` actions with
// field chains, string and number literals, function calls, parentheses and `|` pipes, `{{- -}}`
// trim markers, comments, and `range`/`if`/`with` blocks with `else`. Anything else (variables,
// `define`, `template`) is a TemplateError naming the construct, never a silent misprint.

export class TemplateError extends Error {}

export type Arg =
  | { kind: 'field'; path: string[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'ident'; name: string }
  | { kind: 'group'; pipe: Pipe; path: string[] };

/** Commands joined by `|`: each result is passed as the last argument of the next. */
export type Pipe = Arg[][];

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipe }
  | BlockNode;

export interface BlockNode {
  kind: 'range' | 'if' | 'with';
  pipe: Pipe;
  body: TemplateNode[];
  otherwise: TemplateNode[];
}

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'field'; v: string[] } | { t: 'ident'; v: string } | { t: '(' | ')' | '|' };

const FIELD = /^(?:\.[A-Za-z_][A-Za-z0-9_]*)+|^\./;

function tokenize(src: string, at: number): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let i = at;
  for (;;) {
    while (src[i] === ' ' || src[i] === '\t' || src[i] === '\n' || src[i] === '\r') i++;
    if (src.startsWith('}}', i)) return { tokens, end: i + 2 };
    if (src.startsWith('-}}', i)) return { tokens, end: i + 3 };
    const c = src[i];
    if (c === undefined) throw new TemplateError('unclosed action: missing "}}"');
    if (c === '(' || c === ')' || c === '|') {
      tokens.push({ t: c });
      i++;
    } else if (c === '"' || c === '`') {
      const m = (c === '"' ? /^"((?:[^"\\\n]|\\.)*)"/ : /^`([^`]*)`/).exec(src.slice(i));
      if (!m) throw new TemplateError('unterminated string in action');
      tokens.push({ t: 'str', v: c === '"' ? (JSON.parse(`"${m[1]!}"`) as string) : m[1]! });
      i += m[0].length;
    } else if (c === '$') {
      throw new TemplateError('template variables ($) are not supported');
    } else {
      const field = FIELD.exec(src.slice(i));
      const word = /^[A-Za-z_][A-Za-z0-9_]*|^-?\d+(?:\.\d+)?/.exec(src.slice(i));
      if (field) tokens.push({ t: 'field', v: field[0] === '.' ? [] : field[0].slice(1).split('.') });
      else if (word) tokens.push(/^[-\d]/.test(word[0]) ? { t: 'num', v: Number(word[0]) } : { t: 'ident', v: word[0] });
      else throw new TemplateError(`unexpected "${c}" in action`);
      i += (field ?? word)![0].length;
    }
  }
}

/** Parses tokens into a pipe; `close` is the token that ends it (`)` inside parentheses). */
function parsePipe(tokens: Token[], pos: { i: number }, close?: ')'): Pipe {
  const pipe: Pipe = [[]];
  while (pos.i < tokens.length) {
    const tok = tokens[pos.i++]!;
    if (tok.t === ')') {
      if (close) return checkPipe(pipe);
      throw new TemplateError('unexpected ")"');
    }
    if (tok.t === '|') pipe.push([]);
    else if (tok.t === '(') {
      const inner = parsePipe(tokens, pos, ')');
      const next = tokens[pos.i];
      const path = next?.t === 'field' && next.v.length > 0 ? (pos.i++, next.v) : [];
      pipe.at(-1)!.push({ kind: 'group', pipe: inner, path });
    } else if (tok.t === 'str') pipe.at(-1)!.push({ kind: 'string', value: tok.v });
    else if (tok.t === 'num') pipe.at(-1)!.push({ kind: 'number', value: tok.v });
    else if (tok.t === 'field') pipe.at(-1)!.push({ kind: 'field', path: tok.v });
    else if (tok.t === 'ident') pipe.at(-1)!.push({ kind: 'ident', name: tok.v });
  }
  if (close) throw new TemplateError('unclosed "("');
  return checkPipe(pipe);
}

function checkPipe(pipe: Pipe): Pipe {
  if (pipe.some((cmd) => cmd.length === 0)) throw new TemplateError('missing value in pipeline');
  return pipe;
}

interface Frame {
  node: BlockNode | undefined;
  out: TemplateNode[];
}

function control(word: string, tokens: Token[], stack: Frame[]): void {
  const top = stack.at(-1)!;
  if (word === 'end' || word === 'else') {
    if (!top.node || tokens.length > 1) throw new TemplateError(`unexpected {{${word}}}`);
    if (word === 'end') stack.pop();
    else if (top.out === top.node.otherwise) throw new TemplateError('more than one {{else}}');
    else top.out = top.node.otherwise;
    return;
  }
  const pipe = parsePipe(tokens, { i: 1 });
  const node: BlockNode = { kind: word as BlockNode['kind'], pipe, body: [], otherwise: [] };
  top.out.push(node);
  stack.push({ node, out: node.body });
}

export function parseTemplate(src: string): TemplateNode[] {
  const root: Frame = { node: undefined, out: [] };
  const stack: Frame[] = [root];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text) stack.at(-1)!.out.push({ kind: 'text', text });
      break;
    }
    const trimPrev = src.startsWith('{{- ', open);
    if (trimPrev) text = text.replace(/\s+$/, '');
    if (text) stack.at(-1)!.out.push({ kind: 'text', text });
    const body = open + (trimPrev ? 4 : 2);
    const comment = /^\s*\/\*[\s\S]*?\*\/\s*(-?)}}/.exec(src.slice(body));
    const { tokens, end } = comment ? { tokens: [], end: body + comment[0].length } : tokenize(src, body);
    trimNext = src[end - 3] === '-' && /\s/.test(src[end - 4] ?? '');
    i = end;
    if (comment) continue;
    const first = tokens[0];
    if (!first) throw new TemplateError('missing value for command');
    if (first.t === 'ident' && ['range', 'if', 'with', 'else', 'end'].includes(first.v)) control(first.v, tokens, stack);
    else if (first.t === 'ident' && ['define', 'template', 'block', 'break', 'continue'].includes(first.v)) throw new TemplateError(`{{${first.v}}} is not supported`);
    else stack.at(-1)!.out.push({ kind: 'action', pipe: parsePipe(tokens, { i: 0 }) });
  }
  if (stack.length > 1) throw new TemplateError(`unexpected EOF: {{${stack.at(-1)!.node!.kind}}} has no {{end}}`);
  return root.out;
}
