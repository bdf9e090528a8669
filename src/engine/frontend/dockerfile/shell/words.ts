// Word accumulation for ProcessWords (BuildKit shell/lex.go wordsStruct): unquoted text splits
// on whitespace, quoted or escaped text never does.

// Go's unicode.IsSpace.
const SPACE = /^[\t\n\v\f\r \u0085\u00a0\p{White_Space}]$/u;

export function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

export class Words {
  private word = '';
  private readonly words: string[] = [];
  private inWord = false;

  /** An unquoted char: whitespace ends the current word. */
  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.word.length > 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else this.addRawChar(ch);
  }

  addRawChar(ch: string): void {
    this.word += ch;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  addRawString(s: string): void {
    this.word += s;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.word.length > 0) {
      this.words.push(this.word);
      this.word = '';
      this.inWord = false;
    }
    return this.words;
  }
}
