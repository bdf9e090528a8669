// Errors shared by config, bake and engine. A user error carries where it came from so the CLI
// can print `file:line,col-col: Summary; Detail` (HCL's diagnostic format, which buildx prints)
// without a stack trace.

/** A 1-based position in a source file; `byte` is the 0-based offset into the file text. */
export interface Pos {
  line: number;
  column: number;
  byte: number;
}

/** A half-open span of a file: `end` is the position just after the last character. */
export interface Range {
  filename: string;
  start: Pos;
  end: Pos;
}

/** Formats a range as HCL does: `f:3,5-9` on one line, `f:3,5-4,2` across lines. */
export function formatRange(r: Range): string {
  const head = `${r.filename}:${r.start.line},${r.start.column}`;
  if (r.end.line === r.start.line) return `${head}-${r.end.column}`;
  return `${head}-${r.end.line},${r.end.column}`;
}

/** One problem found in user input, HCL-diagnostic shaped. */
export interface Diagnostic {
  summary: string;
  detail?: string;
  range?: Range;
}

function formatDiagnostic(d: Diagnostic): string {
  const text = d.detail ? `${d.summary}; ${d.detail}` : d.summary;
  return d.range ? `${formatRange(d.range)}: ${text}` : text;
}

/**
 * An error in user input (a bake file, a Dockerfile, a flag). The message is already the
 * text the user sees; the CLI prints it without a stack unless --debug.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/**
 * An error tied to positions in a source file. With several diagnostics the message follows
 * HCL: the first one, then `, and N other diagnostic(s)`.
 */
export class SourceError extends UserError {
  override readonly name = 'SourceError';
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic | Diagnostic[], options?: { cause?: unknown }) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    if (list.length === 0) throw new TypeError('SourceError needs at least one diagnostic');
    const first = formatDiagnostic(list[0]!);
    const more = list.length > 1 ? `, and ${list.length - 1} other diagnostic(s)` : '';
    super(first + more, options);
    this.diagnostics = list;
  }

  get range(): Range | undefined {
    return this.diagnostics[0]?.range;
  }
}

/** True for errors whose message is meant for the user as is. */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
