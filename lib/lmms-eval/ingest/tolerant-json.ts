/**
 * JSON as Python's `json.dumps` writes it. lmms-eval serialises with the default `allow_nan=True`, so a metric
 * that came out as `float('nan')` or `float('inf')` is written as the bare tokens `NaN`, `Infinity`, `-Infinity`
 * (docs/LMMS-EVAL-BEHAVIOUR.md §output-files), which `JSON.parse` rejects. This parser accepts exactly standard JSON plus those three tokens
 * as values; the words inside strings are untouched because they are never tokenised there.
 *
 * Valid JSON (the common case) goes through `JSON.parse` first; the hand-written parser only runs when that
 * fails, either to read the non-finite tokens or to report where the input is broken (line and column, which
 * `JSON.parse`'s messages do not give consistently).
 */

export class JsonSyntaxError extends SyntaxError {
  constructor(
    readonly reason: string,
    /** 0-based UTF-16 offset into the text. */
    readonly offset: number,
    /** 1-based. */
    readonly line: number,
    /** 1-based, in UTF-16 code units. */
    readonly column: number,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = "JsonSyntaxError";
  }
}

/** Parses JSON that may contain bare `NaN`, `Infinity` and `-Infinity` values; throws `JsonSyntaxError`. */
export function parseTolerantJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new TolerantJsonParser(text).parseDocument();
  }
}

const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4_PATTERN = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const LITERALS: ReadonlyArray<readonly [string, unknown]> = [
  ["true", true],
  ["false", false],
  ["null", null],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
];

class TolerantJsonParser {
  private position = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.position < this.text.length) this.fail("Unexpected content after the JSON value");
    return value;
  }

  private parseValue(): unknown {
    const char = this.text[this.position];
    if (char === "{") return this.parseObject();
    if (char === "[") return this.parseArray();
    if (char === '"') return this.parseString();
    for (const [literal, value] of LITERALS) {
      if (this.text.startsWith(literal, this.position)) {
        this.position += literal.length;
        return value;
      }
    }
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return this.parseNumber();
    return this.fail(char === undefined ? "Unexpected end of input" : `Unexpected character ${JSON.stringify(char)}`);
  }

  private parseObject(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === "}") {
      this.position += 1;
      return object;
    }
    for (;;) {
      if (this.text[this.position] !== '"') this.fail("Expected a string key");
      const key = this.parseString();
      this.skipWhitespace();
      this.expect(":");
      this.skipWhitespace();
      const value = this.parseValue();
      // A plain assignment of "__proto__" would replace the prototype; JSON.parse creates an own property.
      Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      this.skipWhitespace();
      if (this.text[this.position] === "}") {
        this.position += 1;
        return object;
      }
      this.expect(",");
      this.skipWhitespace();
    }
  }

  private parseArray(): unknown[] {
    const array: unknown[] = [];
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === "]") {
      this.position += 1;
      return array;
    }
    for (;;) {
      array.push(this.parseValue());
      this.skipWhitespace();
      if (this.text[this.position] === "]") {
        this.position += 1;
        return array;
      }
      this.expect(",");
      this.skipWhitespace();
    }
  }

  private parseString(): string {
    const openingQuote = this.position;
    let result = "";
    let segmentStart = ++this.position;
    for (;;) {
      const code = this.text.charCodeAt(this.position);
      if (Number.isNaN(code)) this.fail("Unterminated string", openingQuote);
      if (code === 0x22) {
        result += this.text.slice(segmentStart, this.position);
        this.position += 1;
        return result;
      }
      if (code === 0x5c) {
        result += this.text.slice(segmentStart, this.position) + this.parseEscape();
        segmentStart = this.position;
      } else if (code < 0x20) {
        this.fail("Unescaped control character in string");
      } else {
        this.position += 1;
      }
    }
  }

  /** Reads the escape sequence at `position` (which points at the backslash). */
  private parseEscape(): string {
    const escaped = this.text[this.position + 1];
    if (escaped === "u") {
      const hex = this.text.slice(this.position + 2, this.position + 6);
      if (!HEX4_PATTERN.test(hex)) this.fail("Invalid \\u escape");
      this.position += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const replacement = escaped === undefined ? undefined : SIMPLE_ESCAPES[escaped];
    if (replacement === undefined) this.fail("Invalid escape sequence");
    this.position += 2;
    return replacement;
  }

  private parseNumber(): number {
    NUMBER_PATTERN.lastIndex = this.position;
    const match = NUMBER_PATTERN.exec(this.text);
    if (!match) return this.fail("Invalid number");
    this.position += match[0].length;
    return Number(match[0]);
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) {
      const found = this.text[this.position];
      this.fail(found === undefined ? `Expected ${JSON.stringify(char)} but the input ended` : `Expected ${JSON.stringify(char)}`);
    }
    this.position += 1;
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.position];
      if (char !== " " && char !== "\n" && char !== "\r" && char !== "\t") return;
      this.position += 1;
    }
  }

  private fail(reason: string, offset: number = this.position): never {
    let line = 1;
    let lineStart = 0;
    for (let index = this.text.indexOf("\n"); index !== -1 && index < offset; index = this.text.indexOf("\n", index + 1)) {
      line += 1;
      lineStart = index + 1;
    }
    throw new JsonSyntaxError(reason, offset, line, offset - lineStart + 1);
  }
}
