// HCL type constraints (cty types), as written in `variable { type = ... }` and used by
// `convert()`. Conversion rules live in convert.ts.
import { compareStrings } from './functions/define.js';
import { isIdentifier } from './lexer.js';
import type { Value } from './value.js';

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
  /**
   * `optional` names attributes declared with optional(T) (absent ones become null);
   * `defaults` holds the values of those declared optional(T, default) (see type-defaults.ts).
   */
  | { kind: 'object'; attributes: Record<string, HclType>; optional?: string[]; defaults?: Record<string, Value> };

/** cty's FriendlyName ("list of string"); as a constraint `any` reads "any single type". */
export function friendlyTypeName(t: HclType, constraint = false): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind} of ${friendlyTypeName(t.element, constraint)}`;
    case 'any':
      return constraint ? 'any single type' : 'dynamic';
    default:
      return t.kind;
  }
}

/** The type as HCL's TypeString prints it: `list(string)`, `object({a=string})` (names sorted), ... */
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
      return `object({${Object.keys(t.attributes)
        .sort(compareStrings)
        .map((k) => `${isIdentifier(k) ? k : JSON.stringify(k)}=${formatType(t.attributes[k]!)}`)
        .join(',')}})`;
  }
}
