// The bake stdlib: the functions buildx registers (bake/hclparser/stdlib.go), by name.
// `try`, `can` and `convert` are not here: they need unevaluated arguments or a type
// expression, so the evaluator implements them (eval-call.ts); `lazyFunctions` names them.
import { bakeFunctions } from './bake.js';
import { cidrFunctions } from './cidr.js';
import { collectionFunctions } from './collection.js';
import { cryptoFunctions } from './crypto.js';
import { csvFunctions } from './csv.js';
import { datetimeFunctions } from './datetime.js';
import { encodingFunctions } from './encoding.js';
import { formatFunctions } from './format.js';
import { jsonFunctions } from './json.js';
import { numericFunctions } from './numeric.js';
import { regexFunctions } from './regex.js';
import { sequenceFunctions } from './sequence.js';
import { setFunctions } from './set.js';
import { stringFunctions } from './string.js';
import type { HclFunction } from './types.js';

export const stdlib: Readonly<Record<string, HclFunction>> = Object.freeze({
  ...bakeFunctions,
  ...cidrFunctions,
  ...collectionFunctions,
  ...cryptoFunctions,
  ...csvFunctions,
  ...datetimeFunctions,
  ...encodingFunctions,
  ...formatFunctions,
  ...jsonFunctions,
  ...numericFunctions,
  ...regexFunctions,
  ...sequenceFunctions,
  ...setFunctions,
  ...stringFunctions,
});

/** Stdlib names whose calls the evaluator handles itself. */
export const lazyFunctions: ReadonlySet<string> = new Set(['try', 'can', 'convert']);
