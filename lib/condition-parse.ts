// The parser of table conditions: tokens to a syntax tree, with Python's precedence (so
// `a < 3 & b > 2` means `a < (3 & b) > 2`, as in PyTables, and needs parentheses).
//
// Python constructs numexpr rejects (and/or/not, chained comparisons, ^, //, attributes,
// subscripts, keyword arguments) are rejected here, at their position.

import { ConditionSyntaxError, ConditionTypeError } from './condition-errors';
import { tokenize, type Token } from './condition-lex';

/** A node of the syntax tree; `pos` is the 0-based offset of its operator (or of itself). */
export type Syntax =
  | { t: 'number'; value: bigint | number; pos: number }
  | { t: 'string'; value: string; pos: number }
  | { t: 'name'; id: string; pos: number }
  | { t: 'unary'; op: '-' | '+' | '~'; arg: Syntax; pos: number }
  | { t: 'binary'; op: BinaryOp; left: Syntax; right: Syntax; pos: number }
  | { t: 'call'; fn: string; args: Syntax[]; pos: number };

/** The binary operators a condition may use. */
export type BinaryOp =
  '|' | '&' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%' | '**' | '<' | '<=' | '==' | '!=' | '>=' | '>';

const COMPARISONS = new Set(['<', '<=', '==', '!=', '>=', '>']);
const BOOL_OPERATORS =
  "Python's boolean operators are not allowed in conditions: use '&' instead of 'and', " +
  "'|' instead of 'or' and '~' instead of 'not' (with parentheses: '(a > 1) & (b < 2)')";
const KEYWORDS = new Set([
  'in',
  'is',
  'if',
  'else',
  'lambda',
  'for',
  'await',
  'yield',
  'async',
  'def',
  'class',
  'import',
  'from',
  'return',
  'del',
  'pass',
  'global',
  'nonlocal',
  'assert',
  'break',
  'continue',
  'raise',
  'try',
  'except',
  'finally',
  'while',
  'with',
  'as',
  'elif',
]);

/** Parses a condition into its syntax tree, or throws a ConditionSyntaxError/ConditionTypeError at the offending place. */
export function parseCondition(text: string): Syntax {
  return new Parser(text).parseAll();
}

// Python's parser stops at 200 nested parentheses; deeper trees would only exhaust the
// stack of the recursive passes that follow.
const MAX_NESTING = 200;
const MAX_DEPTH = 1000;

class Parser {
  private readonly tokens: Token[];
  private i = 0;
  /** Nested parentheses, unary operators and exponents being parsed. */
  private nesting = 0;
  /** Each node's depth (the longest path to a leaf). */
  private readonly depths = new WeakMap<Syntax, number>();

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parseAll(): Syntax {
    if (this.peek().t === 'end') throw this.syntax('the condition is empty', this.peek().pos);
    const tree = this.boolOr();
    const next = this.peek();
    if (next.t !== 'end') throw this.syntax(`unexpected ${describe(next)}`, next.pos);
    return tree;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private isOp(value: string): boolean {
    const tok = this.peek();
    return tok.t === 'op' && tok.value === value;
  }

  private isName(value: string): boolean {
    const tok = this.peek();
    return tok.t === 'name' && tok.value === value;
  }

  /** `node` (made of `children`), refused when the tree gets too deep. */
  private node(node: Syntax, ...children: Syntax[]): Syntax {
    const depth = 1 + Math.max(0, ...children.map((c) => this.depths.get(c) ?? 0));
    if (depth > MAX_DEPTH)
      throw this.syntax(`the condition is too deeply nested (over ${MAX_DEPTH} levels)`, node.pos);
    this.depths.set(node, depth);
    return node;
  }

  private enter(pos: number): void {
    if (++this.nesting > MAX_NESTING) {
      throw this.syntax(`too many nested parentheses or operators (over ${MAX_NESTING})`, pos);
    }
  }

  private syntax(message: string, pos: number): ConditionSyntaxError {
    return new ConditionSyntaxError(message, this.text, pos);
  }

  // or_test / and_test / not_test: parsed so that their use is reported where it is.
  private boolOr(): Syntax {
    const left = this.boolAnd();
    if (this.isName('or')) throw new ConditionTypeError(BOOL_OPERATORS, this.text, this.peek().pos);
    return left;
  }

  private boolAnd(): Syntax {
    const left = this.boolNot();
    if (this.isName('and')) throw new ConditionTypeError(BOOL_OPERATORS, this.text, this.peek().pos);
    return left;
  }

  private boolNot(): Syntax {
    if (this.isName('not')) throw new ConditionTypeError(BOOL_OPERATORS, this.text, this.peek().pos);
    return this.comparison();
  }

  private comparison(): Syntax {
    let left = this.bitOr();
    let compared = 0;
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'name' && (tok.value === 'in' || tok.value === 'is' || tok.value === 'not')) {
        throw this.syntax(`'${tok.value}' is not supported in conditions`, tok.pos);
      }
      if (tok.t !== 'op' || !COMPARISONS.has(tok.value)) return left;
      if (compared > 0) {
        // Python turns `a < b < c` into `(a < b) and (b < c)`, which numexpr rejects.
        throw new ConditionTypeError(
          "chained comparisons are not allowed in conditions ('&' and '|' bind tighter than comparisons, " +
            "as in Python): write '(a > 1) & (b < 2)', not 'a > 1 & b < 2'",
          this.text,
          tok.pos,
        );
      }
      this.i++;
      const right = this.bitOr();
      left = this.node({ t: 'binary', op: tok.value as BinaryOp, left, right, pos: tok.pos }, left, right);
      compared++;
    }
  }

  private binaryLevel(ops: readonly string[], next: () => Syntax): Syntax {
    let left = next();
    for (;;) {
      const tok = this.peek();
      if (tok.t !== 'op' || !ops.includes(tok.value)) return left;
      this.i++;
      const right = next();
      left = this.node({ t: 'binary', op: tok.value as BinaryOp, left, right, pos: tok.pos }, left, right);
    }
  }

  private bitOr(): Syntax {
    return this.binaryLevel(['|'], () => this.bitXor());
  }

  private bitXor(): Syntax {
    const left = this.bitAnd();
    if (this.isOp('^')) {
      throw new ConditionTypeError("'^' (xor) is not supported in conditions", this.text, this.peek().pos);
    }
    return left;
  }

  private bitAnd(): Syntax {
    return this.binaryLevel(['&'], () => this.shift());
  }

  private shift(): Syntax {
    return this.binaryLevel(['<<', '>>'], () => this.arith());
  }

  private arith(): Syntax {
    return this.binaryLevel(['+', '-'], () => this.term());
  }

  private term(): Syntax {
    const left = this.binaryLevel(['*', '/', '%'], () => this.factor());
    if (this.isOp('//')) {
      throw new ConditionTypeError(
        "'//' (floor division) is not supported in conditions",
        this.text,
        this.peek().pos,
      );
    }
    return left;
  }

  private factor(): Syntax {
    const tok = this.peek();
    if (tok.t === 'op' && (tok.value === '-' || tok.value === '+' || tok.value === '~')) {
      this.i++;
      this.enter(tok.pos);
      const arg = this.factor();
      this.nesting--;
      return this.node({ t: 'unary', op: tok.value, arg, pos: tok.pos }, arg);
    }
    return this.power();
  }

  private power(): Syntax {
    const base = this.primary();
    const tok = this.peek();
    if (!this.isOp('**')) return base;
    this.i++;
    // The exponent binds like a unary expression: 2 ** -1, and -a ** 2 is -(a ** 2).
    this.enter(tok.pos);
    const right = this.factor();
    this.nesting--;
    return this.node({ t: 'binary', op: '**', left: base, right, pos: tok.pos }, base, right);
  }

  private primary(): Syntax {
    let node = this.call(this.atom());
    for (;;) {
      const tok = this.peek();
      if (this.isOp('.')) {
        const attr = this.tokens[this.i + 1];
        // numexpr's nodes have .real and .imag; nothing else.
        if (attr.t !== 'name' || (attr.value !== 'real' && attr.value !== 'imag')) {
          throw this.syntax("attributes are not supported in conditions (only '.real' and '.imag')", tok.pos);
        }
        this.i += 2;
        node = this.node({ t: 'call', fn: attr.value, args: [node], pos: tok.pos }, node);
        continue;
      }
      if (this.isOp('[')) throw this.syntax('subscripts are not supported in conditions', tok.pos);
      if (this.isOp('(')) throw new ConditionTypeError('only functions can be called', this.text, tok.pos);
      return node;
    }
  }

  private call(atom: Syntax): Syntax {
    const tok = this.peek();
    if (!this.isOp('(')) return atom;
    if (atom.t !== 'name') throw new ConditionTypeError('only functions can be called', this.text, tok.pos);
    this.i++;
    this.enter(tok.pos);
    const args: Syntax[] = [];
    while (!this.isOp(')')) {
      const argTok = this.peek();
      const after = this.tokens[this.i + 1];
      if (argTok.t === 'name' && after.t === 'op' && after.value === '=') {
        throw this.syntax('keyword arguments are not supported in conditions', argTok.pos);
      }
      args.push(this.boolOr());
      if (this.isOp(',')) this.i++;
      else if (!this.isOp(')')) {
        throw this.syntax(`expected ',' or ')', got ${describe(this.peek())}`, this.peek().pos);
      }
    }
    this.i++;
    this.nesting--;
    return this.node({ t: 'call', fn: atom.id, args, pos: atom.pos }, ...args);
  }

  private atom(): Syntax {
    const tok = this.peek();
    switch (tok.t) {
      case 'number':
        this.i++;
        return { t: 'number', value: tok.value, pos: tok.pos };
      case 'string': {
        this.i++;
        // Adjacent literals concatenate, as in Python; bytes and str do not mix.
        let value = tok.value;
        for (let next = this.peek(); next.t === 'string'; next = this.peek()) {
          if (next.bytes !== tok.bytes) throw this.syntax('cannot mix bytes and nonbytes literals', next.pos);
          value += next.value;
          this.i++;
        }
        return { t: 'string', value, pos: tok.pos };
      }
      case 'name':
        if (KEYWORDS.has(tok.value) || ['and', 'or', 'not'].includes(tok.value)) {
          throw this.syntax(`unexpected keyword '${tok.value}'`, tok.pos);
        }
        this.i++;
        return { t: 'name', id: tok.value, pos: tok.pos };
      case 'op':
        if (tok.value === '(') {
          this.i++;
          this.enter(tok.pos);
          if (this.isOp(')')) throw this.syntax('empty parentheses', tok.pos);
          const inner = this.boolOr();
          if (this.isOp(',')) throw this.syntax('tuples are not supported in conditions', this.peek().pos);
          if (!this.isOp(')')) {
            throw this.syntax(`'(' was never closed (got ${describe(this.peek())})`, tok.pos);
          }
          this.i++;
          this.nesting--;
          return inner;
        }
        throw this.syntax(`unexpected ${describe(tok)}`, tok.pos);
      case 'end':
        throw this.syntax('unexpected end of the condition', tok.pos);
    }
  }
}

function describe(tok: Token): string {
  switch (tok.t) {
    case 'end':
      return 'end of the condition';
    case 'op':
      return `'${tok.value}'`;
    case 'name':
      return `name '${tok.value}'`;
    case 'number':
      return `number ${String(tok.value)}`;
    case 'string':
      return 'string literal';
  }
}
