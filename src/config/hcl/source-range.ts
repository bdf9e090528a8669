// The ranges the HCL parser gives tokens and syntax nodes. A plain Range is three objects (the
// range and its two positions); a parsed 1,000-target file holds ~90,000 of them, most of its
// syntax tree, which the garbage collector copied again and again while parsing. This one keeps
// the six numbers in a single object and makes the positions when read (error messages, tests).
import type { Pos, Range } from '../../errors.js';

export class SourceRange implements Range {
  constructor(
    readonly filename: string,
    private readonly startLine: number,
    private readonly startColumn: number,
    private readonly startByte: number,
    private readonly endLine: number,
    private readonly endColumn: number,
    private readonly endByte: number,
  ) {}

  get start(): Pos {
    return { line: this.startLine, column: this.startColumn, byte: this.startByte };
  }

  get end(): Pos {
    return { line: this.endLine, column: this.endColumn, byte: this.endByte };
  }

  /** From the start of this range to the end of `to` (of the same file). */
  spanTo(to: SourceRange): SourceRange {
    return new SourceRange(this.filename, this.startLine, this.startColumn, this.startByte, to.endLine, to.endColumn, to.endByte);
  }
}

/** The span from the start of `a` to the end of `b`. */
export function span(a: Range, b: Range): Range {
  if (a instanceof SourceRange && b instanceof SourceRange) return a.spanTo(b);
  return { filename: a.filename, start: a.start, end: b.end };
}
