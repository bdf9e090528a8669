// HCL type constraints (cty types), as written in `variable { type = ... }` and used by
// `convert()`. Conversion rules live in convert.ts.

export type HclType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'bool' }
  /** `any` (cty.DynamicPseudoType): accepts every value unchanged. */
  | { kind: 'any' }
  | { kind: 'list'; element: HclType }
  | { kind: 'set'; element: HclType }
  | { kind: 'map'; element: HclType }
  | { kind: 'tuple'; elements: HclType[] }
  /** `optional` names attributes declared with optional(T) (absent ones become null). */
  | { kind: 'object'; attributes: Record<string, HclType>; optional?: string[] };

/** The type as HCL prints it: `list(string)`, `object({a=string})`, ... */
export function formatType(t: HclType): string {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'any':
      return t.kind;
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${formatType(t.element)})`;
    case 'tuple':
      return `tuple([${t.elements.map(formatType).join(',')}])`;
    case 'object':
      return `object({${Object.entries(t.attributes)
        .map(([k, v]) => `${k}=${formatType(v)}`)
        .join(',')}})`;
  }
}
