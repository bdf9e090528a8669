// Encoding functions (go-cty-funcs encoding) with Go's strictness: base64
// needs padding, the decoded bytes must be UTF-8, and urlencode is Go's url.QueryEscape.
import type { Value } from '../value.js';
import { fn, p, STRING } from './define.js';
import { FunctionCallError, type HclFunction } from './types.js';

/** Go's StdEncoding: padded, standard alphabet (after \r and \n are dropped). */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function base64decode(s: string): string {
  const text = s.replace(/[\r\n]/g, '');
  if (!BASE64.test(text)) throw new FunctionCallError(`failed to decode base64 data '${s}'`);
  try {
    return utf8.decode(Buffer.from(text, 'base64'));
  } catch {
    // go-cty-funcs' wording, doubled "the" included.
    throw new FunctionCallError('the result of decoding the the provided string is not valid UTF-8');
  }
}

/** Go's url.QueryEscape: unreserved bytes stay, space becomes +, the rest %XX. */
function urlencode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const str = (impl: (s: string) => Value): HclFunction => fn([p('str', STRING)], (a) => impl(a[0] as string));

export const encodingFunctions: Record<string, HclFunction> = {
  base64encode: str((s) => Buffer.from(s, 'utf8').toString('base64')),
  base64decode: str(base64decode),
  urlencode: str(urlencode),
};
