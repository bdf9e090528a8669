// Shell-word expansion of Dockerfile words (BuildKit frontend/dockerfile/shell/lex.go): quotes,
// the escape token, `$VAR` and every `${VAR...}` modifier. It never runs a shell: RUN text is
// left to the container's shell; this is for ENV, COPY, WORKDIR... values.
import { UserError } from '../../../../errors.js';
import { goQuote } from '../../../../strconv.js';
import { Scanner, WordScanner, type EnvLookup } from './scan.js';

export type ShellEnv = Map<string, string> | Record<string, string>;

export interface ProcessWordResult {
  result: string;
  words: string[];
  /** Variables referenced and set. */
  matched: Set<string>;
  /** Variables referenced but unset. */
  unmatched: Set<string>;
}

function lookupOf(env: ShellEnv): EnvLookup {
  if (env instanceof Map) return (name) => env.get(name);
  return (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);
}

/** A lexer for one escape token (`\` or `` ` ``). The options mirror BuildKit's Lex fields. */
export class ShellLex {
  /** Keep quote characters in the result (used to re-split words without losing quoting). */
  rawQuotes = false;
  /** Keep escape tokens in the result. */
  rawEscapes = false;
  /** Quotes are ordinary characters (heredoc bodies). */
  skipProcessQuotes = false;
  /** Leave references to unset variables verbatim instead of expanding them to "". */
  skipUnsetEnv = false;

  constructor(readonly escapeToken: string = '\\') {}

  /** Expands a word without splitting it (ENV values, WORKDIR, ...). */
  processWord(word: string, env: ShellEnv): string {
    return this.process(word, env).result;
  }

  /** Expands and splits on unquoted whitespace (used where a value yields several words). */
  processWords(word: string, env: ShellEnv): string[] {
    return this.process(word, env).words;
  }

  /** Like processWord, and reports which variables were used (the converter tracks ARG use). */
  processWordWithMatches(word: string, env: ShellEnv): ProcessWordResult {
    return this.process(word, env);
  }

  private process(word: string, env: ShellEnv): ProcessWordResult {
    const matched = new Set<string>();
    const unmatched = new Set<string>();
    const lookup = lookupOf(env);
    const scanner = new WordScanner(new Scanner(word), {
      escapeToken: this.escapeToken,
      rawQuotes: this.rawQuotes,
      rawEscapes: this.rawEscapes,
      skipProcessQuotes: this.skipProcessQuotes,
      skipUnsetEnv: this.skipUnsetEnv,
      getEnv: (name) => {
        const v = lookup(name);
        (v === undefined ? unmatched : matched).add(name);
        return v;
      },
    });
    try {
      const { result, words } = scanner.processAll();
      return { result, words, matched, unmatched };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new UserError(`failed to process ${goQuote(word)}: ${msg}`, { cause: err });
    }
  }
}
