// Go's `%q` of a []string, as the AST dump format (and BuildKit's error messages) print a list,
// so golden files only match if we quote byte-for-byte alike.
import { goQuote } from '../../../../strconv.js';

/** Go `fmt.Sprintf("%q", []string{...})`: `["a" "b"]`. */
export function goQuoteSlice(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}
