// Short builders for HCL type constraints in test tables.
import type { HclType } from '../../../src/config/hcl/types.js';

export const S: HclType = { kind: 'string' };
export const N: HclType = { kind: 'number' };
export const B: HclType = { kind: 'bool' };
export const ANY: HclType = { kind: 'any' };
export const list = (element: HclType): HclType => ({ kind: 'list', element });
export const set = (element: HclType): HclType => ({ kind: 'set', element });
export const map = (element: HclType): HclType => ({ kind: 'map', element });
export const tuple = (...elements: HclType[]): HclType => ({ kind: 'tuple', elements });
export const obj = (attributes: Record<string, HclType>): HclType => ({ kind: 'object', attributes });
