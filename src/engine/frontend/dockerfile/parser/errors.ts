// Dockerfile errors: a SourceError whose range spans the instruction's lines, printed as
// `Dockerfile:LINE: message` (the form buildx users know) rather than HCL's `f:l,c-c`.
import { SourceError, type Pos, type Range } from '../../../../errors.js';

/** Line start offsets of a file, to turn line numbers into error ranges. */
export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly lengths: number[] = [];

  constructor(text: string) {
    const lines = text.split('\n');
    let offset = 0;
    for (const line of lines) {
      this.lengths.push(line.replace(/\r$/, '').length);
      offset += line.length + 1;
      this.starts.push(offset);
    }
  }

  private pos(line: number, atEnd: boolean): Pos {
    const i = Math.min(Math.max(line, 1), this.lengths.length) - 1;
    const column = atEnd ? this.lengths[i]! + 1 : 1;
    return { line: Math.max(line, 1), column, byte: this.starts[i]! + column - 1 };
  }

  range(filename: string, startLine: number, endLine: number): Range {
    const end = Math.max(endLine, startLine);
    return { filename, start: this.pos(startLine, false), end: this.pos(end, true) };
  }
}

export class DockerfileError extends SourceError {
  readonly line: number;

  constructor(message: string, range: Range, options?: { cause?: unknown }) {
    super({ summary: message, range }, options);
    this.line = range.start.line;
    this.message = `${range.filename}:${range.start.line}: ${message}`;
  }
}
