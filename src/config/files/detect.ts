// Per-file format detection as buildx's ParseFiles: `.yml/.yaml` are Compose, `.json` HCL-JSON,
// `.hcl` HCL; any other name is tried as Compose, then HCL, then HCL-JSON.
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../errors.js';
import type { Body } from '../hcl/ast.js';
import { parseHclJson } from '../hcl/json.js';
import { parseHcl } from '../hcl/parser.js';
import { validateBakeJson } from '../schema.js';
import type { ConfigFile } from '../types.js';

export type FileFormat = 'compose' | 'hcl' | 'json';

export interface ParsedBakeFile {
  filename: string;
  body: Body;
}

function looksLikeCompose(data: string): boolean {
  try {
    const doc: unknown = parseYaml(data);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'services' in doc;
  } catch {
    // Not YAML at all: it is one of the other formats.
    return false;
  }
}

/** The format of a file by its name, or by content when the name says nothing. */
export function detectFormat(f: ConfigFile): FileFormat {
  const lower = f.name.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'compose';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.hcl')) return 'hcl';
  if (looksLikeCompose(f.data)) return 'compose';
  const first = f.data.trimStart()[0];
  return first === '{' ? 'json' : 'hcl';
}

/** Parses a JSON bake file: JSON syntax errors are positioned, then the schema is checked. */
export function parseJsonFile(f: ConfigFile): Body {
  let doc: unknown;
  try {
    doc = JSON.parse(f.data);
  } catch {
    // Let the positioned JSON parser report where the syntax breaks.
    parseHclJson(f.name, f.data);
    throw new UserError(`${f.name}: invalid JSON`);
  }
  validateBakeJson(f.name, doc);
  return parseHclJson(f.name, f.data);
}

export function parseBakeFile(f: ConfigFile, format: 'hcl' | 'json'): ParsedBakeFile {
  return { filename: f.name, body: format === 'json' ? parseJsonFile(f) : parseHcl(f.name, f.data) };
}
