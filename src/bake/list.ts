// `--list targets|variables` (or `type=…,format=table|json`): buildx's tab-aligned tables or JSON.
import { UserError } from '../errors.js';
import type { VariableInfo } from '../config/types.js';
import { isList, isObject, numberToString, type Value } from '../config/hcl/value.js';
import type { BakeConfig } from './config.js';
import { splitCsv } from './entries.js';
import { goJson } from './print.js';

export interface ListRequest {
  type: 'targets' | 'variables';
  format: 'table' | 'json';
}

/** Parses the `--list` value. */
export function parseListRequest(text: string): ListRequest {
  const req: ListRequest = { type: 'targets', format: 'table' };
  const fields = text.includes('=') ? splitCsv(text) : [`type=${text}`];
  for (const field of fields) {
    const [key = '', value = ''] = field.split(/=(.*)/s);
    if (key === 'type' && (value === 'targets' || value === 'variables')) req.type = value;
    else if (key === 'format' && (value === 'table' || value === 'json')) req.format = value;
    else if (key === 'type') throw new UserError(`invalid list type "${value}"`);
    else if (key === 'format') throw new UserError(`invalid list format "${value}"`);
    else throw new UserError(`invalid list option "${field}"`);
  }
  return req;
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
  return typeof v === 'number' ? numberToString(v) : String(v);
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
  const rows = [['VARIABLE', 'TYPE', 'VALUE', 'DESCRIPTION'], ...sorted.map((v) => [v.name, v.type ?? '', valueText(v.value), v.description ?? ''])];
  return tabulate(rows);
}

/** The text `--list` prints. */
export function listDefinition(req: ListRequest, config: BakeConfig, variables: readonly VariableInfo[]): string {
  if (req.type === 'variables') return listVariables(variables, req.format);
  const items = listedTargets(config);
  if (req.format === 'json') return `${goJson(items)}\n`;
  return tabulate([['TARGET', 'DESCRIPTION'], ...items.map((i) => [i.name, i.description ?? ''])]);
}
