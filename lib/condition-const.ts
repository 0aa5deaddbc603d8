// Constant subexpressions of a condition, computed as Python computes them: numexpr only
// sees a constant once it meets a column, so `2 ** 31`, `-True` or `1 / 4` are Python's
// values (arbitrary-size ints, floats, bools, strings) before numexpr types them.

/** A Python constant: int (bigint, any size), float (number), bool or str/bytes (string). */
export type PyValue = bigint | number | boolean | string;

/** Thrown for an operation Python itself refuses; the caller adds the position. */
export class PyConstError extends Error {
  constructor(
    message: string,
    readonly kind: 'type' | 'value',
  ) {
    super(message);
  }
}

function pyType(v: PyValue): string {
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    default:
      return 'str';
  }
}

/** Python's int view of a bool or int, or null for a float or string. */
function asInt(v: PyValue): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return null;
}

function asFloat(v: PyValue): number | null {
  if (typeof v === 'number') return v;
  const i = asInt(v);
  return i === null ? null : Number(i);
}

function unsupported(op: string, a: PyValue, b: PyValue): PyConstError {
  return new PyConstError(`unsupported operand type(s) for ${op}: '${pyType(a)}' and '${pyType(b)}'`, 'type');
}

function zeroDivision(): PyConstError {
  return new PyConstError('division by zero', 'value');
}

// Python's float modulo: the result has the divisor's sign.
function floatMod(a: number, b: number): number {
  if (b === 0) throw zeroDivision();
  let m = a % b;
  if (m !== 0 && b < 0 !== m < 0) m += b;
  else if (m === 0) m = b < 0 ? -0 : 0;
  return m;
}

function intFloorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

// Larger constants would take long to build and cannot be typed (int64 at most) anyway.
const MAX_POW_BITS = 4096n;

/** The value of `a op b` in Python, or a PyConstError. */
export function pyBinary(op: string, a: PyValue, b: PyValue): PyValue {
  if (['<', '<=', '==', '!=', '>=', '>'].includes(op)) return pyCompare(op, a, b);
  const ia = asInt(a);
  const ib = asInt(b);
  if (typeof a === 'string' || typeof b === 'string') {
    if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
    throw unsupported(op, a, b);
  }
  if (op === '&' || op === '|') {
    if (typeof a === 'boolean' && typeof b === 'boolean') return op === '&' ? a && b : a || b;
    if (ia === null || ib === null) throw unsupported(op, a, b);
    return op === '&' ? ia & ib : ia | ib;
  }
  if (op === '<<' || op === '>>') {
    if (ia === null || ib === null) throw unsupported(op, a, b);
    if (ib < 0n) throw new PyConstError('negative shift count', 'value');
    if (op === '<<' && ib > MAX_POW_BITS) throw new PyConstError('integer constant too large', 'value');
    return op === '<<' ? ia << ib : ia >> ib;
  }
  if (ia !== null && ib !== null) {
    switch (op) {
      case '+':
        return ia + ib;
      case '-':
        return ia - ib;
      case '*':
        return ia * ib;
      case '/':
        if (ib === 0n) throw zeroDivision();
        return Number(ia) / Number(ib);
      case '%':
        if (ib === 0n) throw zeroDivision();
        return ia - intFloorDiv(ia, ib) * ib;
      case '**':
        if (ib < 0n) {
          if (ia === 0n) throw new PyConstError('0.0 cannot be raised to a negative power', 'value');
          return Math.pow(Number(ia), Number(ib));
        }
        if (ia !== 0n && ia !== 1n && ia !== -1n && ib * BigInt(ia.toString(2).length) > MAX_POW_BITS) {
          throw new PyConstError('integer constant too large', 'value');
        }
        return ia ** ib;
    }
  }
  const fa = asFloat(a)!;
  const fb = asFloat(b)!;
  switch (op) {
    case '+':
      return fa + fb;
    case '-':
      return fa - fb;
    case '*':
      return fa * fb;
    case '/':
      if (fb === 0) throw zeroDivision();
      return fa / fb;
    case '%':
      return floatMod(fa, fb);
    case '**':
      if (fa === 0 && fb < 0) throw new PyConstError('0.0 cannot be raised to a negative power', 'value');
      if (fa < 0 && !Number.isInteger(fb) && Number.isFinite(fb)) {
        throw new PyConstError('complex results are not supported in conditions', 'value');
      }
      return fa === 1 || (fa === -1 && !Number.isFinite(fb) && !Number.isNaN(fb)) ? 1 : Math.pow(fa, fb);
  }
  throw unsupported(op, a, b);
}

function pyCompare(op: string, a: PyValue, b: PyValue): boolean {
  if (typeof a === 'string' || typeof b === 'string') {
    if (typeof a !== 'string' || typeof b !== 'string') {
      if (op === '==') return false;
      if (op === '!=') return true;
      throw new PyConstError(
        `'${op}' not supported between instances of '${pyType(a)}' and '${pyType(b)}'`,
        'type',
      );
    }
  }
  // Exact for ints of any size; a float against an int compares as Python does (exactly)
  // except beyond 2**53, where this compares the float with the int rounded: close enough
  // for constants.
  const x = typeof a === 'boolean' ? (a ? 1n : 0n) : a;
  const y = typeof b === 'boolean' ? (b ? 1n : 0n) : b;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '==':
      return x == y; // eslint-disable-line eqeqeq -- int 1 equals float 1.0, as in Python
    case '!=':
      return x != y; // eslint-disable-line eqeqeq
    case '>=':
      return x >= y;
    default:
      return x > y;
  }
}

/** The value of a unary `-`, `+` or `~` in Python. */
export function pyUnary(op: '-' | '+' | '~', a: PyValue): PyValue {
  if (typeof a === 'string') throw new PyConstError(`bad operand type for unary ${op}: 'str'`, 'type');
  if (op === '~') {
    const i = asInt(a);
    if (i === null) throw new PyConstError("bad operand type for unary ~: 'float'", 'type');
    return ~i;
  }
  if (typeof a === 'number') return op === '-' ? -a : a;
  const i = asInt(a)!;
  return op === '-' ? -i : i;
}
