// COPY and ADD (BuildKit parseCopy/parseAdd/parseSourcesAndDest): flags, sources (words or
// heredocs) and destination.
import { UserError } from '../../../../errors.js';
import { chompHeredocContent, parseHeredoc } from '../parser/heredoc.js';
import { ShellLex } from '../shell/lex.js';
import type { AddCommand, CopyCommand, SourceContent, SourcesAndDest } from './commands.js';
import { errNoDestinationArgument, type ParseRequest } from './request.js';

/**
 * `--from` names a stage, index or image literally: BuildKit expands it with no variables set
 * and rejects any change, so `$X`, quotes and escapes all fail (an unterminated quote fails
 * with the lexer's own error).
 */
function checkLiteralFrom(from: string): void {
  if (from === '' || new ShellLex('\\').processWord(from, {}) === from) return;
  throw new UserError('variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround');
}

function sourcesAndDest(req: ParseRequest, command: string): SourcesAndDest {
  const srcs = req.args.slice(0, -1);
  const dest = req.args[req.args.length - 1]!;
  if (parseHeredoc(dest)) throw new UserError(`${command} cannot accept a heredoc as a destination`);
  const bodies = new Map(req.heredocs.map((h) => [h.name, h.content]));
  const sourcePaths: string[] = [];
  const sourceContents: SourceContent[] = [];
  for (const src of srcs) {
    const doc = parseHeredoc(src);
    if (!doc) {
      sourcePaths.push(src);
      continue;
    }
    const content = bodies.get(doc.name) ?? '';
    sourceContents.push({ name: doc.name, data: doc.chomp ? chompHeredocContent(content) : content, expand: doc.expand });
  }
  return { destPath: dest, sourcePaths, sourceContents };
}

export function parseCopy(req: ParseRequest): CopyCommand {
  if (req.args.length < 2) throw errNoDestinationArgument('COPY');
  const f = req.flags;
  const chown = f.addString('chown');
  const from = f.addString('from');
  const chmod = f.addString('chmod');
  const link = f.addBool('link');
  const parents = f.addBool('parents');
  const exclude = f.addStrings('exclude');
  f.parse();
  checkLiteralFrom(from.value);
  return {
    name: 'copy',
    original: req.original,
    location: req.location,
    ...sourcesAndDest(req, 'COPY'),
    from: from.value,
    chown: chown.value,
    chmod: chmod.value,
    link: link.isTrue(),
    parents: parents.isTrue(),
    excludePatterns: exclude.values,
  };
}

export function parseAdd(req: ParseRequest): AddCommand {
  if (req.args.length < 2) throw errNoDestinationArgument('ADD');
  const f = req.flags;
  const chown = f.addString('chown');
  const chmod = f.addString('chmod');
  const link = f.addBool('link');
  const keepGitDir = f.addBool('keep-git-dir');
  const checksum = f.addString('checksum');
  const unpack = f.addBool('unpack');
  const exclude = f.addStrings('exclude');
  f.parse();
  return {
    name: 'add',
    original: req.original,
    location: req.location,
    ...sourcesAndDest(req, 'ADD'),
    chown: chown.value,
    chmod: chmod.value,
    link: link.isTrue(),
    keepGitDir: keepGitDir.used ? keepGitDir.isTrue() : undefined,
    checksum: checksum.value,
    unpack: unpack.used ? unpack.isTrue() : undefined,
    excludePatterns: exclude.values,
  };
}
