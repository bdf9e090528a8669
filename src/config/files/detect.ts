// Per-file format detection as buildx's ParseFiles: `.yml/.yaml` are Compose, `.json` HCL-JSON,
// `.hcl` HCL; any other name is tried as Compose, then HCL, then HCL-JSON. The YAML parser and
// the schema validator are loaded only when a file needs them, to keep `--print` start-up short.
import { UserError } from '../../errors.js';
import type { Body } from '../hcl/ast.js';
import { parseHclJson } from '../hcl/json.js';
import { parseHcl } from '../hcl/parser.js';
import type { ConfigFile } from '../types.js';

export type FileFormat = 'compose' | 'hcl' | 'json';

export interface ParsedBakeFile {
  filename: string;
  body: Body;
}

async function looksLikeCompose(data: string): Promise<boolean> {
  const { parse: parseYaml } = await import('yaml');
  try {
    // Compose's !reset and !override tags are not YAML errors: no warning for them here.
    const doc: unknown = parseYaml(data, { logLevel: 'error' });
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'services' in doc;
  } catch {
    // Not YAML at all: it is one of the other formats.
    return false;
  }
}

/** The format of a file by its name, or by content when the name says nothing. */
export async function detectFormat(f: ConfigFile): Promise<FileFormat> {
  const lower = f.name.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'compose';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.hcl')) return 'hcl';
  if (await looksLikeCompose(f.data)) return 'compose';
  const first = f.data.trimStart()[0];
  return first === '{' ? 'json' : 'hcl';
}

/** Parses a JSON bake file: JSON syntax errors are positioned, then the schema is checked. */
export async function parseJsonFile(f: ConfigFile): Promise<Body> {
  let doc: unknown;
  try {
    doc = JSON.parse(f.data);
  } catch {
    // Let the positioned JSON parser report where the syntax breaks.
    parseHclJson(f.name, f.data);
    throw new UserError(`${f.name}: invalid JSON`);
  }
  const { validateBakeJson } = await import('../schema.js');
  validateBakeJson(f.name, doc, f.data);
  return parseHclJson(f.name, f.data);
}

export async function parseBakeFile(f: ConfigFile, format: 'hcl' | 'json'): Promise<ParsedBakeFile> {
  return { filename: f.name, body: format === 'json' ? await parseJsonFile(f) : parseHcl(f.name, f.data) };
}
