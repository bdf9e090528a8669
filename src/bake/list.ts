// `--list targets|variables` (or `type=…,format=table|json`): buildx's tab-aligned tables or JSON.
import { UserError } from '../errors.js';
import type { VariableInfo } from '../config/types.js';
import { formatNumber, isNum } from '../config/hcl/number.js';
import { isList, isObject, type Value } from '../config/hcl/value.js';
import type { BakeConfig } from './config.js';
import { splitCsv } from './entries.js';
import { goJson } from './print.js';

export interface ListRequest {
  type: 'targets' | 'variables';
  format: 'table' | 'json';
}

/** Parses the `--list` value: a bare type, or CSV `type=…,format=…`. */
export function parseListRequest(text: string): ListRequest {
  let type = '';
  let format = '';
  const fields = splitCsv(text);
  if (fields.length === 1 && !text.includes('=')) type = text;
  else {
    for (const field of fields) {
      const eq = field.indexOf('=');
      if (eq < 0) throw new UserError(`invalid value ${field}`);
      const key = field.slice(0, eq).trim().toLowerCase();
      if (key === 'type') type = field.slice(eq + 1);
      else if (key === 'format') format = field.slice(eq + 1);
      else throw new UserError(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (type !== 'targets' && type !== 'variables') throw new UserError(`invalid list type ${JSON.stringify(type)}`);
  if (format !== '' && format !== 'table' && format !== 'json') throw new UserError(`invalid list format ${JSON.stringify(format)}`);
  return { type, format: format === 'json' ? 'json' : 'table' };
}

/** Go's text/tabwriter with minwidth 1, tabwidth 8, padding 1 and tab padding, as buildx uses. */
export function tabulate(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length + 1)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          if (i === row.length - 1) return cell;
          const width = Math.ceil(widths[i]! / 8) * 8;
          return cell + '\t'.repeat(Math.ceil((width - cell.length) / 8));
        })
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}

interface ListedTarget {
  name: string;
  description?: string;
  group?: boolean;
}

function listedTargets(config: BakeConfig): ListedTarget[] {
  const items: ListedTarget[] = [
    ...[...config.targets.values()].map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}) })),
    ...[...config.groups.values()].map((g) => {
      const names = [...g.targets].sort().join(', ');
      const description = g.description && names ? `${g.description} (${names})` : g.description || names;
      return { name: g.name, ...(description ? { description } : {}), group: true };
    }),
  ];
  return items.filter((i) => !i.name.startsWith('_')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function valueText(v: Value): string {
  if (v === null) return '<null>';
  if (isList(v) || isObject(v)) return JSON.stringify(v);
  return isNum(v) ? formatNumber(v) : String(v);
}

function listVariables(vars: readonly VariableInfo[], format: ListRequest['format']): string {
  const sorted = [...vars].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (format === 'json') {
    const items = sorted.map((v) => ({
      name: v.name,
      ...(v.type ? { type: v.type } : {}),
      ...(v.value !== null ? { value: valueText(v.value) } : {}),
      ...(v.description ? { description: v.description } : {}),
    }));
    return `${goJson(items)}\n`;
  }
  // The TYPE column only appears when some variable declares a type.
  const typed = sorted.some((v) => v.type !== undefined);
  const row = (name: string, type: string, value: string, description: string): string[] =>
    typed ? [name, type, value, description] : [name, value, description];
  return tabulate([row('VARIABLE', 'TYPE', 'VALUE', 'DESCRIPTION'), ...sorted.map((v) => row(v.name, v.type ?? '', valueText(v.value), v.description ?? ''))]);
}

/** The text `--list` prints. */
export function listDefinition(req: ListRequest, config: BakeConfig, variables: readonly VariableInfo[]): string {
  if (req.type === 'variables') return listVariables(variables, req.format);
  const items = listedTargets(config);
  // Go encodes an empty (nil) list as null.
  if (req.format === 'json') return `${goJson(items.length > 0 ? items : null)}\n`;
  return tabulate([['TARGET', 'DESCRIPTION'], ...items.map((i) => [i.name, i.description ?? ''])]);
}
