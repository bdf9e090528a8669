// The s-expression dump of a parsed Dockerfile (BuildKit Node.Dump): the golden-file format
// of the parser tests, `(cmd ["--flag"] "arg" ...)` one instruction per line.
import { parse } from './parser.js';
import { trimSpace } from './split-command.js';
import type { Node } from './node.js';
import { goQuote } from '../../../../strconv.js';
import { goQuoteSlice } from './quote.js';

export function dumpNode(node: Node): string {
  let s = node.value.toLowerCase();
  if (node.flags.length > 0) s += ' ' + goQuoteSlice(node.flags);
  for (const child of node.children) s += '(' + dumpNode(child) + ')\n';
  for (let n = node.next; n; n = n.next) s += ' ' + (n.children.length > 0 ? dumpNode(n) : goQuote(n.value));
  return trimSpace(s);
}

/** Parses and dumps, with the trailing newline the golden `result` files have. */
export function dumpDockerfile(text: string): string {
  return dumpNode(parse(text).ast) + '\n';
}
