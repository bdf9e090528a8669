// The parser's syntax tree (BuildKit parser.Node): an s-expression-like chain. The root has one
// child per instruction; an instruction's arguments hang off `next`, and ONBUILD nests its
// sub-instruction in the `children` of its first `next` node.

/** A heredoc attached to an instruction (`<<EOF`, `<<-EOF`, `3<<"EOF"`). */
export interface Heredoc {
  /** The delimiter, unquoted. */
  name: string;
  fileDescriptor: number;
  /** False when the delimiter was quoted: the body is not expanded. */
  expand: boolean;
  /** `<<-`: leading tabs are stripped from the body (see chompHeredocContent). */
  chomp: boolean;
  /** The body lines with their line endings, as in the file. */
  content: string;
}

export interface Node {
  /** Instruction name as written (root: ""), or an argument word. */
  value: string;
  next?: Node;
  children: Node[];
  heredocs: Heredoc[];
  /** `json: true` for exec/JSON form arguments. */
  attributes: Record<string, boolean>;
  /** The instruction text after continuation joining, before parsing. */
  original: string;
  /** Leading `--flag[=value]` words (instruction nodes only). */
  flags: string[];
  /** 1-based inclusive lines (instruction nodes and root). */
  startLine: number;
  endLine: number;
  /** Comment lines directly above the instruction. */
  prevComment: string[];
}

export function newNode(value: string, next?: Node): Node {
  return {
    value,
    next,
    children: [],
    heredocs: [],
    attributes: {},
    original: '',
    flags: [],
    startLine: 0,
    endLine: 0,
    prevComment: [],
  };
}

/** Links words into a `next` chain; undefined for no words. */
export function chainOf(values: readonly string[]): Node | undefined {
  let head: Node | undefined;
  for (let i = values.length - 1; i >= 0; i--) head = newNode(values[i]!, head);
  return head;
}

/** The values of a `next` chain (the argument words of an instruction). */
export function valuesOf(node: Node | undefined): string[] {
  const out: string[] = [];
  for (let n = node; n; n = n.next) out.push(n.value);
  return out;
}
