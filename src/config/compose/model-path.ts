// Paths into a compose model as compose-go's tree.Path spells them: keys joined with dots, `[]`
// for any list item, and `*` in a pattern for any one key.

export type ModelPath = readonly string[];

export function pathMatches(path: ModelPath, pattern: string): boolean {
  const parts = pattern.split('.');
  return parts.length === path.length && parts.every((p, i) => p === '*' || p === path[i]);
}
