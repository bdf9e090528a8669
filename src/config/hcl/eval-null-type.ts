// The type of a null value where cty knows it. Values carry no type here, but a null read from a
// typed variable (a `type = string` variable without a value, an absent optional attribute) is a
// typed null in cty, and a few rules depend on that type: a conditional's results must still
// unify, and a splat of a null list fails where a null of another type gives [].
import type { Expr } from './ast.js';
import type { Scope } from './scope.js';
import type { HclType } from './types.js';

/** The declared type `expr` reads through (variable, attribute and index steps); undefined when unknown. */
export function nullType(expr: Expr, scope: Scope): HclType | undefined {
  const t = declaredType(expr, scope);
  return t?.kind === 'any' ? undefined : t;
}

function declaredType(expr: Expr, scope: Scope): HclType | undefined {
  switch (expr.kind) {
    case 'paren':
      return declaredType(expr.expr, scope);
    case 'variable':
      return scope.hasLocal(expr.name) ? undefined : scope.globals.variableType?.(expr.name);
    case 'getattr':
      return memberType(declaredType(expr.object, scope), expr.name);
    case 'index': {
      const key = constantKey(expr.key);
      return key === undefined ? undefined : memberType(declaredType(expr.object, scope), key);
    }
    default:
      return undefined;
  }
}

/** A key written as a constant: `[0]`, `["name"]`. */
function constantKey(key: Expr): string | undefined {
  if (key.kind === 'literal') return typeof key.value === 'string' || typeof key.value === 'number' ? String(key.value) : undefined;
  if (key.kind === 'template' && key.parts.length === 1 && key.parts[0]!.kind === 'literal') return key.parts[0]!.value;
  return undefined;
}

function memberType(t: HclType | undefined, name: string): HclType | undefined {
  switch (t?.kind) {
    case 'object':
      return Object.hasOwn(t.attributes, name) ? t.attributes[name] : undefined;
    case 'map':
    case 'list':
      return t.element;
    case 'tuple':
      return /^\d+$/.test(name) ? t.elements[Number(name)] : undefined;
    default:
      return undefined;
  }
}
