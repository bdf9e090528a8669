// Compose-spec variable interpolation of string values: `$VAR`, `${VAR}`, `${VAR:-default}`,
// `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?err}`, `${VAR?err}` and `$$` for a
// literal dollar. Defaults and alternatives may themselves contain substitutions.

export type Env = Record<string, string | undefined>;

/** Thrown for `${VAR?err}` on a missing variable or a malformed substitution. */
export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

export function interpolate(text: string, env: Env): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const d = text.indexOf('$', i);
    if (d < 0) return out + text.slice(i);
    out += text.slice(i, d);
    const next = text[d + 1];
    if (next === '$') {
      out += '$';
      i = d + 2;
    } else if (next === '{') {
      const end = closingBrace(text, d + 2);
      out += substitute(text.slice(d + 2, end), env);
      i = end + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = d + 2;
      while (j < text.length && NAME_PART.test(text[j]!)) j++;
      out += env[text.slice(d + 1, j)] ?? '';
      i = j;
    } else {
      out += '$';
      i = d + 1;
    }
  }
  return out;
}

/** The index of the `}` closing a `${` whose content starts at `from`, allowing nesting. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') i++;
    else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && --depth === 0) return i;
  }
  throw new InterpolationError(`Invalid template: "${text}": missing closing brace`);
}

/** The content of one `${...}`. */
function substitute(body: string, env: Env): string {
  let n = 0;
  while (n < body.length && NAME_PART.test(body[n]!)) n++;
  const name = body.slice(0, n);
  if (name === '' || !NAME_START.test(name[0]!)) throw new InterpolationError(`Invalid template: "\${${body}}"`);
  const value = env[name];
  if (n === body.length) return value ?? '';
  const colon = body[n] === ':';
  const op = body[colon ? n + 1 : n];
  const arg = body.slice(colon ? n + 2 : n + 1);
  // With a colon an empty value counts as unset.
  const set = colon ? value !== undefined && value !== '' : value !== undefined;
  switch (op) {
    case '-':
      return set ? value! : interpolate(arg, env);
    case '+':
      return set ? interpolate(arg, env) : '';
    case '?':
      if (set) return value!;
      throw new InterpolationError(`required variable ${name} is missing a value${arg ? `: ${interpolate(arg, env)}` : ''}`);
    default:
      throw new InterpolationError(`Invalid template: "\${${body}}"`);
  }
}
