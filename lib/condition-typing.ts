// numexpr's type rules for conditions: the syntax tree becomes a typed tree whose every
// operation has one of numexpr's signatures, with casts where numexpr inserts them.
//
// Kinds are numexpr's: bool, int (int32), long (int64), float (float32), double (float64)
// and bytes. Each operation gets a result kind by numexpr's rules (the highest kind of its
// operands; comparisons, & and | are bool; / of integers is double; functions of integers
// are double), then the first signature in numexpr's upcasting order that it implements.

import { pyBinary, pyUnary, PyConstError, type PyValue } from './condition-const';
import { ConditionTypeError } from './condition-errors';
import type { BinaryOp, Syntax } from './condition-parse';

/** numexpr's kinds, by rank. */
export type Kind = 'bool' | 'int' | 'long' | 'float' | 'double' | 'bytes';

const RANK: readonly Kind[] = ['bool', 'int', 'long', 'float', 'double'];
const CODE: Record<Kind, string> = { bool: 'b', int: 'i', long: 'l', float: 'f', double: 'd', bytes: 's' };
const KIND_OF_CODE: Record<string, Kind> = {
  b: 'bool',
  i: 'int',
  l: 'long',
  f: 'float',
  d: 'double',
  s: 'bytes',
};
const NAME_OF_CODE: Record<string, string> = {
  b: 'bool',
  i: 'int',
  l: 'long',
  f: 'float',
  d: 'double',
  s: 'str',
};

/** A constant converted to its kind: int/float/double a number, long a bigint, bool a boolean, bytes a string. */
export type ConstValue = number | bigint | boolean | string;

/** A node of the typed tree. */
export type Typed =
  /** `literal` for a constant written in the condition (not a condvar). */
  | { t: 'const'; kind: Kind; value: ConstValue; literal: boolean }
  /** A column of the table (by its real name) or a condvar holding one. */
  | { t: 'column'; kind: Kind; name: string }
  /** An operation with numexpr's signature: `op` of arguments of kinds `sig`, giving `kind`. */
  | { t: 'op'; kind: Kind; op: string; sig: string; args: Typed[] };

// The signatures numexpr (2.8) implements, result code first, without complex ones.
const NUMERIC3 = ['iii', 'lll', 'fff', 'ddd'];
const OPCODES: Record<string, readonly string[]> = {
  add: NUMERIC3,
  sub: NUMERIC3,
  mul: NUMERIC3,
  div: NUMERIC3,
  mod: NUMERIC3,
  pow: NUMERIC3,
  neg: ['ii', 'll', 'ff', 'dd'],
  lshift: ['iii', 'lll'],
  rshift: ['iii', 'lll'],
  and: ['bbb'],
  or: ['bbb'],
  invert: ['bb'],
  eq: ['bbb', 'bii', 'bll', 'bff', 'bdd', 'bss'],
  ne: ['bbb', 'bii', 'bll', 'bff', 'bdd', 'bss'],
  gt: ['bii', 'bll', 'bff', 'bdd', 'bss'],
  ge: ['bii', 'bll', 'bff', 'bdd', 'bss'],
  contains: ['bss'],
  where: ['bbbb', 'ibii', 'lbll', 'fbff', 'dbdd'],
  copy: ['bb', 'ii', 'll', 'ff', 'dd', 'ss'],
  ones_like: ['ii', 'll', 'ff', 'dd'],
  cast: ['ib', 'li', 'fi', 'fl', 'di', 'df', 'dl'],
};
const UNARY_FUNCTIONS = [
  'sqrt',
  'sin',
  'cos',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'sinh',
  'cosh',
  'tanh',
  'arcsinh',
  'arccosh',
  'arctanh',
  'log',
  'log1p',
  'log10',
  'exp',
  'expm1',
  'absolute',
  'ceil',
  'floor',
];
for (const f of UNARY_FUNCTIONS) OPCODES[f] = ['ff', 'dd'];
OPCODES.arctan2 = ['fff', 'ddd'];
// numexpr's real/imag take complex; without complex numbers, a double is the same value.
OPCODES.real = ['dd'];
OPCODES.imag = ['dd'];
OPCODES.fmod = ['fff', 'ddd'];

// numexpr's functions a condition may call: their numexpr name and the [min, max] kind of
// their result ('where' and 'contains' have their own rules).
const FUNCTIONS: Record<string, { op: string; min?: Kind; max?: Kind } | null> = {
  copy: { op: 'copy' },
  ones_like: { op: 'ones_like' },
  abs: { op: 'absolute', min: 'float' },
  ceil: { op: 'ceil', min: 'float', max: 'double' },
  floor: { op: 'floor', min: 'float', max: 'double' },
  arctan2: { op: 'arctan2', min: 'float' },
  fmod: { op: 'fmod', min: 'float' },
  where: { op: 'where' },
  contains: { op: 'contains' },
  // Complex numbers and reductions: numexpr has them, conditions here do not.
  real: { op: 'real', min: 'double', max: 'double' },
  imag: { op: 'imag', min: 'double', max: 'double' },
  complex: null,
  conj: null,
  sum: null,
  prod: null,
  min: null,
  max: null,
};
for (const f of UNARY_FUNCTIONS)
  if (!(f in FUNCTIONS) && f !== 'absolute') FUNCTIONS[f] = { op: f, min: 'float' };

/** Whether `name` is one of numexpr's functions (which win over columns and condvars of that name). */
export function isFunctionName(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

// The function arities, for a clear error on a wrong count.
const ARITY: Record<string, number> = { arctan2: 2, fmod: 2, where: 3, contains: 2 };

const BINARY_OPS: Record<BinaryOp, string> = {
  '|': 'or',
  '&': 'and',
  '<<': 'lshift',
  '>>': 'rshift',
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'mod',
  '**': 'pow',
  '<': 'gt',
  '<=': 'ge',
  '==': 'eq',
  '!=': 'ne',
  '>=': 'ge',
  '>': 'gt',
};

/** What a name in the condition stands for. */
export type Resolved = { t: 'column'; kind: Kind; name: string } | { t: 'const'; value: PyValue; kind: Kind };

// While building: a Python constant not yet met by a column, or a numexpr node (a typed
// constant, a column, or an operation whose signature is found later).
type Built = { t: 'py'; value: PyValue } | { t: 'node'; node: Untyped };
type Untyped =
  | { t: 'const'; kind: Kind; value: PyValue; literal: boolean }
  | { t: 'column'; kind: Kind; name: string }
  | { t: 'op'; kind: Kind; op: string; args: Untyped[]; pos: number };

/**
 * Types a parsed condition by numexpr's rules.
 * @param tree the syntax tree
 * @param text the condition (for error messages)
 * @param resolve what a name stands for (throws for an unknown name)
 */
export function typeCondition(
  tree: Syntax,
  text: string,
  resolve: (name: string, pos: number) => Resolved,
): Typed {
  const fail = (message: string, pos: number): never => {
    throw new ConditionTypeError(message, text, pos);
  };

  const constant = (value: PyValue, pos: number, kind?: Kind): Untyped => {
    if (kind !== undefined) return { t: 'const', kind, value, literal: false };
    const literal = true;
    if (typeof value === 'boolean') return { t: 'const', kind: 'bool', value, literal };
    if (typeof value === 'string') return { t: 'const', kind: 'bytes', value, literal };
    if (typeof value === 'number') return { t: 'const', kind: 'double', value, literal };
    if (value >= -(2n ** 31n) && value < 2n ** 31n) return { t: 'const', kind: 'int', value, literal };
    if (value >= -(2n ** 63n) && value < 2n ** 63n) return { t: 'const', kind: 'long', value, literal };
    throw new RangeError(
      `integer constant ${value} does not fit in 64 bits (at position ${pos} of the condition ${JSON.stringify(text)})`,
    );
  };

  const toNode = (b: Built, pos: number): Untyped => (b.t === 'py' ? constant(b.value, pos) : b.node);

  const common = (args: Untyped[], pos: number): Kind => {
    const strings = args.filter((a) => a.kind === 'bytes').length;
    if (strings > 0 && strings < args.length) fail('strings can only be operated with strings', pos);
    if (strings > 0) return 'bytes';
    return RANK[Math.max(...args.map((a) => RANK.indexOf(a.kind)))];
  };

  const python = (f: () => PyValue, pos: number): Built => {
    try {
      return { t: 'py', value: f() };
    } catch (e) {
      if (e instanceof PyConstError) {
        if (e.kind === 'type') fail(e.message, pos);
        throw new RangeError(`${e.message} at position ${pos} of the condition ${JSON.stringify(text)}`, {
          cause: e,
        });
      }
      throw e;
    }
  };

  const build = (s: Syntax): Built => {
    switch (s.t) {
      case 'number':
        return { t: 'py', value: s.value };
      case 'string':
        return { t: 'py', value: s.value };
      case 'name': {
        if (s.id === 'True' || s.id === 'False') return { t: 'py', value: s.id === 'True' };
        if (s.id === 'None') return fail('None is not supported in conditions', s.pos);
        if (isFunctionName(s.id)) {
          return fail(
            `'${s.id}' is one of numexpr's functions, not a value (a column of that name can be ` +
              `passed as a condvar: { c: table.cols.${s.id} })`,
            s.pos,
          );
        }
        const r = resolve(s.id, s.pos);
        if (r.t === 'column') return { t: 'node', node: r };
        return { t: 'node', node: constant(r.value, s.pos, r.kind) };
      }
      case 'unary': {
        const arg = build(s.arg);
        if (arg.t === 'py') return python(() => pyUnary(s.op, arg.value), s.pos);
        if (s.op === '+') return arg;
        const op = s.op === '-' ? 'neg' : 'invert';
        return {
          t: 'node',
          node: { t: 'op', kind: common([arg.node], s.pos), op, args: [arg.node], pos: s.pos },
        };
      }
      case 'binary': {
        const left = build(s.left);
        const right = build(s.right);
        if (left.t === 'py' && right.t === 'py')
          return python(() => pyBinary(s.op, left.value, right.value), s.pos);
        const a = toNode(left, s.left.pos);
        const b = toNode(right, s.right.pos);
        const op = BINARY_OPS[s.op];
        // a < b is numexpr's gt(b, a).
        const args = s.op === '<' || s.op === '<=' ? [b, a] : [a, b];
        let kind: Kind;
        if (['gt', 'ge', 'eq', 'ne', 'and', 'or'].includes(op)) kind = 'bool';
        else if (op === 'div') {
          kind = common(args, s.pos);
          if (kind === 'bool' || kind === 'int' || kind === 'long') kind = 'double';
        } else {
          // numexpr checks integer powers only when the base is not a Python constant
          // (a constant base goes through __rpow__, which does not check).
          if (op === 'pow' && left.t !== 'py' && isInteger(a.kind) && isInteger(b.kind)) {
            if (right.t !== 'py') {
              fail('an integer raised to a power needs a literal exponent (or a float operand)', s.pos);
            } else if ((right.value as bigint) < 0n) {
              throw new RangeError(
                `integers to negative integer powers are not allowed (at position ${s.pos} of the condition ${JSON.stringify(text)})`,
              );
            }
          }
          kind = common(args, s.pos);
        }
        return { t: 'node', node: { t: 'op', kind, op, args, pos: s.pos } };
      }
      case 'call': {
        const spec = FUNCTIONS[s.fn];
        if (spec === undefined) {
          // numexpr would call the column: not callable.
          return fail(`'${s.fn}' is not a function numexpr knows`, s.pos);
        }
        if (spec === null) return fail(`'${s.fn}()' is not supported in conditions`, s.pos);
        const arity = ARITY[s.fn] ?? 1;
        if (s.args.length !== arity) {
          fail(`${s.fn}() takes ${arity} argument${arity === 1 ? '' : 's'} (${s.args.length} given)`, s.pos);
        }
        const built = s.args.map(build);
        if (built.every((b) => b.t === 'py')) {
          return fail(`${s.fn}() of constants only is not supported in conditions`, s.pos);
        }
        const args = built.map((b, i) => toNode(b, s.args[i].pos));
        if (spec.op === 'where') {
          const cond = built[0];
          if (cond.t === 'py') return { t: 'node', node: cond.value ? args[1] : args[2] };
          return { t: 'node', node: { t: 'op', kind: common(args, s.pos), op: 'where', args, pos: s.pos } };
        }
        if (spec.op === 'contains')
          return { t: 'node', node: { t: 'op', kind: 'bool', op: 'contains', args, pos: s.pos } };
        let kind = common(args, s.pos);
        if (kind === 'int' || kind === 'long') kind = 'double';
        else {
          if (spec.min && RANK.indexOf(spec.min) > RANK.indexOf(kind)) kind = spec.min;
          if (spec.max && RANK.indexOf(spec.max) < RANK.indexOf(kind)) kind = spec.max;
        }
        return { t: 'node', node: { t: 'op', kind, op: spec.op, args, pos: s.pos } };
      }
    }
  };

  const root = toNode(build(tree), tree.pos);
  // PyTables checks the result's kind before numexpr looks for signatures.
  if (root.kind !== 'bool') fail(`the condition does not have a boolean type (it is ${root.kind})`, 0);
  return signatures(root, fail);
}

function isInteger(kind: Kind): boolean {
  return kind === 'int' || kind === 'long';
}

// All argument signatures reachable by upcasting, in numexpr's order (sigPerms).
function* upcasts(sig: string): Generator<string> {
  if (sig === '') {
    yield '';
    return;
  }
  const codes = 'bilfd';
  const first = sig[0];
  const heads = first === 's' ? ['s'] : codes.slice(codes.indexOf(first)).split('');
  for (const h of heads) for (const rest of upcasts(sig.slice(1))) yield h + rest;
}

function signatures(node: Untyped, fail: (message: string, pos: number) => never): Typed {
  if (node.t === 'const')
    return {
      t: 'const',
      kind: node.kind,
      value: convertConstant(node.value, node.kind),
      literal: node.literal,
    };
  if (node.t === 'column') return node;
  const ret = CODE[node.kind];
  const have = node.args.map((a) => CODE[a.kind]).join('');
  const known = OPCODES[node.op] ?? [];
  let sig: string | undefined;
  for (const s of upcasts(have)) {
    if (known.includes(ret + s)) {
      sig = s;
      break;
    }
  }
  if (sig === undefined) {
    const kinds = have.split('').map((c) => NAME_OF_CODE[c]);
    return fail(`unsupported operand types for *${node.op}*: ${kinds.join(', ')}`, node.pos);
  }
  const args = node.args.map((arg, i): Typed => {
    const want = KIND_OF_CODE[sig[i]];
    if (arg.kind === want) return signatures(arg, fail);
    if (arg.t === 'const') return signatures({ ...arg, kind: want }, fail);
    return signatures({ t: 'op', kind: want, op: 'cast', args: [arg], pos: node.pos }, fail);
  });
  return { t: 'op', kind: node.kind, op: node.op, sig, args };
}

/** A Python constant as numexpr holds it in a kind (numpy's conversion). */
function convertConstant(value: PyValue, kind: Kind): ConstValue {
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  switch (kind) {
    case 'bool':
      return Boolean(n);
    case 'int':
    case 'double':
      return Number(n);
    case 'float':
      return Math.fround(Number(n));
    case 'long':
      return BigInt(n);
    case 'bytes':
      return String(value);
  }
}
