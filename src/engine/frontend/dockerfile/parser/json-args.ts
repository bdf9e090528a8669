// The JSON (exec) form of arguments: `["a", "b"]`. Like Go's json.Decoder, only the first JSON
// value is read and whatever follows it is ignored.
import { UserError } from '../../../../errors.js';
import { trimLeftSpace } from './split-command.js';

/** A JSON array holding something other than strings: a hard error, not a shell-form fallback. */
export class NotStringArrayError extends UserError {
  constructor() {
    super('when using JSON array syntax, arrays must be comprised of strings only');
  }
}

// Go decodes an unpaired `\ud800` escape as U+FFFD; JavaScript would keep the lone surrogate.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Index just past the JSON value starting at `start` (an array), or -1 if it never closes. */
function endOfValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Parses `rest` as a JSON array of strings. Returns undefined when it is not JSON (the caller
 * falls back to the shell form) and throws NotStringArrayError for non-string elements.
 */
export function parseJSONArray(rest: string): string[] | undefined {
  const text = trimLeftSpace(rest);
  if (!text.startsWith('[')) return undefined;
  const end = endOfValue(text, 0);
  if (end < 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(0, end));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  if (!value.every((v): v is string => typeof v === 'string')) throw new NotStringArrayError();
  return value.map((v) => v.replace(LONE_SURROGATE, '\uFFFD'));
}
