// JSON bake files are checked against schemas/bake.schema.json (also usable by editors) before
// evaluation, so a misplaced or mistyped key is reported with its JSON path.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { UserError } from '../errors.js';
import { packageFile } from './files/package-root.js';

const SCHEMA_URL = packageFile('schemas/bake.schema.json');

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  return validator;
}

/** The schema itself, for tests and tooling. */
export function bakeSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath === '' ? '/' : e.instancePath;
  const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
  return `${at}: ${e.message ?? 'invalid'}${extra}`;
}

/** Throws a UserError naming the file and JSON path when `doc` does not fit the bake schema. */
export function validateBakeJson(filename: string, doc: unknown): void {
  const validate = compile();
  if (validate(doc)) return;
  const errors = validate.errors ?? [];
  // oneOf failures list every branch; the deepest error says most.
  const best = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  throw new UserError(`${filename}: invalid bake file: ${best ? describe(best) : 'does not match the schema'}`);
}
