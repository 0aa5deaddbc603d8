// The tokenizer of table conditions: the part of Python's expression syntax that PyTables
// (through numexpr, which compiles a condition as Python source) accepts.
//
// Every token carries its offset in the condition, so every later error can point at it.

import { ConditionSyntaxError } from './condition-errors';

/** One token; `pos` is its 0-based offset in the condition text. */
export type Token =
  | { t: 'name'; value: string; pos: number; end: number }
  /** A Python int (any size, so a bigint) or float. */
  | { t: 'number'; value: bigint | number; pos: number; end: number }
  /** A string literal; `bytes` for b"..." (numexpr treats both kinds as bytes). */
  | { t: 'string'; value: string; bytes: boolean; pos: number; end: number }
  | { t: 'op'; value: string; pos: number; end: number }
  | { t: 'end'; pos: number; end: number };

// Longest first, so that '**' wins over '*' and '<=' over '<'.
const OPERATORS = [
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '~',
  '(',
  ')',
  ',',
  '.',
  '=',
  '[',
  ']',
  ':',
];

const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
// Python's numeric literals: hex/octal/binary ints, decimal ints, floats (with an optional
// imaginary suffix, which is rejected below). Underscores may separate digits.
const RADIX_INT = /0([xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/y;
const DIGITS = '[0-9](?:_?[0-9])*';
const FLOAT = new RegExp(`(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?[jJ]?`, 'y');
const STRING_PREFIX = /(?:[bB][rR]?|[rR][bB]?|[uU])?(?=['"])/y;

/** Splits a condition into tokens; a character Python would not accept is a ConditionSyntaxError. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    const stringStart = matchAt(STRING_PREFIX, text, i);
    if (stringStart !== null) {
      const tok = readString(text, i, stringStart);
      tokens.push(tok);
      i = tok.end;
      continue;
    }
    const name = matchAt(NAME, text, i);
    if (name !== null) {
      tokens.push({ t: 'name', value: name, pos: i, end: i + name.length });
      i += name.length;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && text[i + 1] >= '0' && text[i + 1] <= '9')) {
      const tok = readNumber(text, i);
      tokens.push(tok);
      i = tok.end;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) throw new ConditionSyntaxError(`invalid character ${JSON.stringify(c)}`, text, i);
    tokens.push({ t: 'op', value: op, pos: i, end: i + op.length });
    i += op.length;
  }
  tokens.push({ t: 'end', pos: text.length, end: text.length });
  return tokens;
}

function matchAt(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? null : m[0];
}

function readNumber(text: string, at: number): Token {
  const radix = matchAt(RADIX_INT, text, at);
  const lexeme = radix ?? matchAt(FLOAT, text, at) ?? '';
  const end = at + lexeme.length;
  // A name glued to a number ("1abc", "0x1g") is invalid in Python too.
  if (lexeme === '' || /[\p{L}\p{N}_]/u.test(text[end] ?? '')) {
    throw new ConditionSyntaxError('invalid number literal', text, at);
  }
  const clean = lexeme.replace(/_/g, '');
  if (radix !== null) return { t: 'number', value: BigInt(clean), pos: at, end };
  if (/[jJ]$/.test(clean)) {
    throw new ConditionSyntaxError('complex (imaginary) literals are not supported in conditions', text, at);
  }
  if (/^[0-9]+$/.test(clean)) {
    if (/^0+[1-9]/.test(clean)) {
      throw new ConditionSyntaxError('leading zeros in decimal integer literals are not permitted', text, at);
    }
    return { t: 'number', value: BigInt(clean), pos: at, end };
  }
  return { t: 'number', value: Number(clean), pos: at, end };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function readString(text: string, at: number, prefix: string): Token {
  const lower = prefix.toLowerCase();
  const bytes = lower.includes('b');
  const raw = lower.includes('r');
  const quoteAt = at + prefix.length;
  const triple = text.startsWith(text[quoteAt].repeat(3), quoteAt);
  const quote = triple ? text[quoteAt].repeat(3) : text[quoteAt];
  let i = quoteAt + quote.length;
  let value = '';
  for (;;) {
    if (i >= text.length || (!triple && text[i] === '\n')) {
      throw new ConditionSyntaxError('unterminated string literal', text, at);
    }
    if (text.startsWith(quote, i)) break;
    const c = text[i];
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1] ?? '';
    if (raw) {
      value += c + e;
      i += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const oct = /[0-7]{1,3}/y;
      oct.lastIndex = i + 1;
      const digits = oct.exec(text)![0];
      value += String.fromCharCode(parseInt(digits, 8) & 0xff);
      i += 1 + digits.length;
    } else if (e === 'x' || (!bytes && (e === 'u' || e === 'U'))) {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) {
        throw new ConditionSyntaxError(`truncated \\${e} escape in a string literal`, text, i);
      }
      value += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + n;
    } else {
      // Python keeps an unknown escape as it is (with a warning).
      value += c;
      i++;
    }
  }
  if (bytes && hasNonAscii(text.slice(quoteAt, i))) {
    throw new ConditionSyntaxError('bytes can only contain ASCII literal characters', text, at);
  }
  return { t: 'string', value, bytes, pos: at, end: i + quote.length };
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}
