// Runs a parsed template against a GoValue, with the functions inspect formats call: buildx's
// `json` plus text/template's index, len, print, println, printf (%s %v %d %q), not, and, or,
// eq, ne. Field access on a missing struct field or on nil is a TemplateError, as in Go.
import { GoMap, GoStruct, isEmpty, marshalJson, printValue } from './value.js';
import type { GoValue } from './value.js';
import { TemplateError, parseTemplate } from './parse.js';
import type { Arg, BlockNode, Pipe, TemplateNode } from './parse.js';

type Func = (args: GoValue[]) => GoValue;

function arity(name: string, args: GoValue[], n: number): void {
  if (args.length !== n) throw new TemplateError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
}

function indexOne(v: GoValue, key: GoValue): GoValue {
  if (v instanceof GoMap && typeof key === 'string') return v.entries.get(key) ?? null;
  if (Array.isArray(v) && typeof key === 'number') {
    if (key < 0 || key >= v.length) throw new TemplateError(`index out of range: ${key}`);
    return v[key]!;
  }
  throw new TemplateError(`can't index item of type ${typeName(v)} with ${printValue(key)}`);
}

function sprint(args: GoValue[]): string {
  // fmt.Sprint puts a space between operands only when neither side is a string.
  return args.map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + printValue(a)).join('');
}

function sprintf(args: GoValue[]): string {
  const [format, ...rest] = args;
  if (typeof format !== 'string') throw new TemplateError('printf needs a format string');
  let n = 0;
  return format.replace(/%([%svdq])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (n >= rest.length) return `%!${verb}(MISSING)`;
    const v = rest[n++]!;
    return verb === 'q' ? marshalJson(printValue(v)) : printValue(v);
  });
}

const FUNCS: Record<string, Func> = {
  json: (a) => (arity('json', a, 1), marshalJson(a[0]!)),
  index: (a) => a.slice(1).reduce<GoValue>((v, k) => indexOne(v, k), a[0] ?? null),
  len: (a) => {
    arity('len', a, 1);
    const v = a[0]!;
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v instanceof GoMap) return v.entries.size;
    throw new TemplateError(`len of type ${typeName(v)}`);
  },
  print: (a) => sprint(a),
  println: (a) => `${a.map(printValue).join(' ')}\n`,
  printf: (a) => sprintf(a),
  not: (a) => (arity('not', a, 1), isEmpty(a[0]!)),
  and: (a) => a.find((v) => isEmpty(v)) ?? a.at(-1) ?? null,
  or: (a) => a.find((v) => !isEmpty(v)) ?? a.at(-1) ?? null,
  eq: (a) => a.slice(1).some((v) => v === a[0]),
  ne: (a) => (arity('ne', a, 2), a[0] !== a[1]),
};

function typeName(v: GoValue): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoMap) return 'map';
  if (v instanceof GoStruct) return 'struct';
  return typeof v;
}

function field(v: GoValue, path: string[]): GoValue {
  let cur = v;
  for (const name of path) {
    if (cur instanceof GoStruct) {
      const f = cur.field(name);
      if (!f) throw new TemplateError(`can't evaluate field ${name}`);
      cur = f.value;
    } else if (cur instanceof GoMap) {
      cur = cur.entries.get(name) ?? null;
    } else {
      throw new TemplateError(`can't evaluate field ${name} in type ${typeName(cur)}`);
    }
  }
  return cur;
}

function evalArg(arg: Arg, dot: GoValue): GoValue {
  switch (arg.kind) {
    case 'field':
      return field(dot, arg.path);
    case 'string':
    case 'number':
      return arg.value;
    case 'group':
      return field(evalPipe(arg.pipe, dot), arg.path);
    case 'ident':
      if (arg.name === 'true' || arg.name === 'false') return arg.name === 'true';
      if (arg.name === 'nil') return null;
      return call(arg.name, []);
  }
}

function call(name: string, args: GoValue[]): GoValue {
  const fn = FUNCS[name];
  if (!fn) throw new TemplateError(`function "${name}" not defined`);
  return fn(args);
}

function evalPipe(pipe: Pipe, dot: GoValue): GoValue {
  let prev: GoValue | undefined;
  for (const cmd of pipe) {
    const [head, ...rest] = cmd;
    const piped = prev === undefined ? [] : [prev];
    if (head!.kind === 'ident' && !['true', 'false', 'nil'].includes(head!.name)) {
      prev = call(head!.name, [...rest.map((a) => evalArg(a, dot)), ...piped]);
    } else {
      if (rest.length > 0 || piped.length > 0) throw new TemplateError(`can't give argument to non-function ${describe(head!)}`);
      prev = evalArg(head!, dot);
    }
  }
  return prev ?? null;
}

function describe(arg: Arg): string {
  return arg.kind === 'field' ? `.${arg.path.join('.')}` : arg.kind === 'ident' ? arg.name : arg.kind;
}

function run(nodes: TemplateNode[], dot: GoValue, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text);
    else if (node.kind === 'action') out.push(printValue(evalPipe(node.pipe, dot)));
    else {
      const v = evalPipe(node.pipe, dot);
      if (node.kind === 'range') rangeOver(node, v, out);
      else if (isEmpty(v)) run(node.otherwise, dot, out);
      else run(node.body, node.kind === 'with' ? v : dot, out);
    }
  }
}

function rangeOver(node: BlockNode, v: GoValue, out: string[]): void {
  const items = Array.isArray(v) ? v : v instanceof GoMap ? v.sortedKeys().map((k) => v.entries.get(k)!) : undefined;
  if (v !== null && items === undefined) throw new TemplateError(`range can't iterate over ${printValue(v)}`);
  if (!items || items.length === 0) return run(node.otherwise, v, out);
  for (const item of items) run(node.body, item, out);
}

/** Parses and runs `src` with `dot` as `.`. */
export function executeTemplate(src: string, dot: GoValue): string {
  const out: string[] = [];
  run(parseTemplate(src), dot, out);
  return out.join('');
}
