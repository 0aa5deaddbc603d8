// Python's and numpy's repr() of values, for the printed forms of attribute sets.
//
// PyTables prints attributes with repr(): Python floats and strings, numpy scalars and
// numpy arrays (numpy 1.24 rules: linewidth 75, precision 8, 'maxprec' float mode,
// summarised beyond 1000 elements with 3 edge items). This covers the common cases
// exactly; exotic ones (object arrays, structured types) do not occur in h5tables.

import { DTYPES } from './dtype';
import { shortestFloat16 } from './float16';
import type { NativeDType, NativeReadValue } from './native';

/** A Python tuple: (3,), (), (2, 3). */
export function pyTuple(items: readonly (number | string)[]): string {
  if (items.length === 1) return `(${items[0]},)`;
  return `(${items.join(', ')})`;
}

const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/** Python's repr() of a str. */
export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      if (cp <= 0xff) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

/** Python's repr() of bytes: b'...' with \\xNN for bytes outside printable ASCII. */
export function pyBytes(bytes: Uint8Array): string {
  const has = (c: number): boolean => bytes.includes(c);
  const quote = has(0x27) && !has(0x22) ? '"' : "'";
  let out = 'b' + quote;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

/** A float's precision for its shortest repr: false double, true single (float32), 'half' float16. */
export type Precision = boolean | 'half';

/** Shortest decimal digits and exponent of x (finite, non-zero), as d.ddd x 10^exp. */
function shortest(x: number, float32: Precision): { neg: boolean; digits: string; exp: number } {
  let text = x.toExponential();
  if (float32 === 'half') text = shortestFloat16(x);
  else if (float32) {
    // The fewest significant digits that read back as the same float32.
    for (let p = 1; p <= 9; p++) {
      const candidate = x.toPrecision(p);
      if (Math.fround(Number(candidate)) === x) {
        text = Number(candidate).toExponential();
        break;
      }
    }
  }
  const [mantissa, exp] = text.split('e');
  const neg = mantissa.startsWith('-');
  return { neg, digits: mantissa.replace('-', '').replace('.', ''), exp: Number(exp) };
}

function expSuffix(exp: number, minDigits = 2): string {
  return 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(minDigits, '0');
}

/** Python's repr() of a float (and numpy's of a float64, float32 or float16 scalar). */
export function pyFloat(x: number, float32: Precision = false): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const { neg, digits, exp } = shortest(x, float32);
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + mantissa + expSuffix(exp);
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  return `${sign}${int}.${digits.slice(exp + 1) || '0'}`;
}

/**
 * Python's repr() of a complex (and numpy's of a complex scalar): `0j`, `(1+2j)`,
 * `(1.5-2j)`, `(1e+20+nanj)`; `precision` is that of its parts.
 */
export function pyComplex(re: number, im: number, precision: Precision = false): string {
  const part = (x: number): string => pyFloat(x, precision).replace(/\.0$/, '');
  if (re === 0 && !Object.is(re, -0)) return `${part(im)}j`;
  const negative = im < 0 || Object.is(im, -0);
  return `(${part(re)}${negative ? '-' : '+'}${part(Math.abs(im))}j)`;
}

/** numpy's dragon4_positional(x, precision=8, unique=True, fractional=True, trim='.'). */
function positional(x: number, float32: Precision): string {
  if (x === 0) return Object.is(x, -0) ? '-0.' : '0.';
  let text = pyFloat(x, float32);
  if (text.includes('e') || text.split('.')[1].length > 8) text = x.toFixed(8);
  const [int, frac = ''] = text.split('.');
  return `${int}.${frac.replace(/0+$/, '')}`;
}

/** numpy's dragon4_scientific(x, precision=8, unique=True, trim='.'): '1.5e+00', '1.e+20'. */
function scientific(x: number, float32: Precision): string {
  if (x === 0) return (Object.is(x, -0) ? '-' : '') + '0.e+00';
  let { neg, digits, exp } = shortest(x, float32);
  if (digits.length > 9) {
    const [m, e] = x.toExponential(8).split('e');
    digits = m.replace('-', '').replace('.', '').replace(/0+$/, '');
    exp = Number(e);
  }
  return `${neg ? '-' : ''}${digits[0]}.${digits.slice(1)}${expSuffix(exp)}`;
}

type Formatter = (x: number | bigint | string) => string;

/** numpy's FloatingFormat for the values shown (floatmode 'maxprec', sign '-', or '+' with `plus`). */
function floatFormatter(values: number[], float32: Precision, plus = false): Formatter {
  // sign '+': every value not negative shows a '+' (complex numbers' imaginary parts).
  const signed = (x: number, text: string): string =>
    plus && !(x < 0 || Object.is(x, -0)) ? '+' + text : text;
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.map(Math.abs).filter((v) => v !== 0);
  let expFormat = false;
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    expFormat = max >= 1e8 || min < 0.0001 || max / min > 1000;
  }
  let padLeft = 0;
  let padRight = 0;
  let precision = 0;
  let expSize = -1;
  if (finite.length > 0 && expFormat) {
    const parts = finite.map((x) => signed(x, scientific(x, float32)).split(/[.e]/));
    expSize = Math.max(...parts.map((p) => p[2].length)) - 1;
    precision = Math.max(...parts.map((p) => p[1].length));
    padLeft = Math.max(...parts.map((p) => p[0].length));
    padRight = expSize + 2 + precision;
  } else if (finite.length > 0) {
    const parts = finite.map((x) => signed(x, positional(x, float32)).split('.'));
    padLeft = Math.max(...parts.map((p) => p[0].length));
    padRight = Math.max(...parts.map((p) => p[1].length));
  }
  if (finite.length !== values.length) {
    const negInf = values.some((v) => v === -Infinity);
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  return (v) => {
    const x = v as number;
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
      return signed(Number.isNaN(x) ? 1 : x, text).padStart(padLeft + padRight + 1);
    }
    if (expFormat) {
      const [int, frac, exp] = signed(x, scientific(x, float32)).split(/[.e]/);
      const sign = exp[0];
      const expDigits = exp.slice(1).padStart(expSize, '0');
      return `${int.padStart(padLeft)}.${frac.padEnd(precision, '0')}e${sign}${expDigits}`;
    }
    const [int, frac] = signed(x, positional(x, float32)).split('.');
    return `${int.padStart(padLeft)}.${frac.padEnd(padRight)}`;
  };
}

/**
 * numpy's ComplexFloatingFormat: the real parts formatted together, the imaginary parts
 * together with sign '+', and 'j' before the imaginary part's padding. Elements are given
 * by their index into `data` (interleaved re, im).
 */
function complexFormatter(
  data: ArrayLike<number>,
  shown: number[],
  precision: Precision,
): (i: number) => string {
  const real = floatFormatter(
    shown.map((i) => data[2 * i] as number),
    precision,
  );
  const imag = floatFormatter(
    shown.map((i) => data[2 * i + 1] as number),
    precision,
    true,
  );
  return (i) => {
    const im = imag(data[2 * i + 1] as number);
    const end = im.trimEnd().length;
    return real(data[2 * i] as number) + im.slice(0, end) + 'j' + im.slice(end);
  };
}

/** A float or complex dtype's precision (of each part, for complex): its shortest repr's digits. */
function single(dtype: NativeDType): Precision {
  const bytes = DTYPES[dtype].itemsize / (DTYPES[dtype].kind === 'complex' ? 2 : 1);
  return bytes === 2 ? 'half' : bytes === 4;
}

function formatterFor(
  dtype: NativeDType,
  values: (number | bigint | string)[],
  scalarShape: boolean,
): Formatter {
  switch (DTYPES[dtype].kind) {
    case 'float':
      return floatFormatter(values as number[], single(dtype));
    case 'bool':
      return (v) => (v ? (scalarShape ? 'True' : ' True') : 'False');
    case 'string':
      // HDF5 fixed-length strings are numpy bytes (dtype 'S'): PyTables prints b'...'.
      return (v) => pyBytes(Buffer.from(String(v), 'utf8'));
    default: {
      const width = Math.max(0, ...values.map((v) => String(v).length));
      return (v) => String(v).padStart(width);
    }
  }
}

const EDGE = 3;
const THRESHOLD = 1000;
const LINE_WIDTH = 75;

function visible(n: number, summarize: boolean): number[] {
  if (summarize && n > 2 * EDGE) return [0, 1, 2, n - 3, n - 2, n - 1];
  return Array.from({ length: n }, (_, i) => i);
}

function extendLine(s: string, line: string, word: string, width: number, prefix: string): [string, string] {
  // numpy: don't wrap when wrapping would not help
  if (line.length + word.length > width && line.length > prefix.length) {
    s += line.trimEnd() + '\n';
    line = prefix;
  }
  return [s, line + word];
}

/** numpy's _formatArray with separator ', '. */
function formatArray(
  shape: number[],
  element: (flat: number) => string,
  width: number,
  prefix: string,
  summarize: boolean,
): string {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const recurse = (index: number[], hanging: string, currWidth: number): string => {
    const axis = index.length;
    const axesLeft = shape.length - axis;
    if (axesLeft === 0) return element(index.reduce((acc, i, k) => acc + i * strides[k], 0));
    const nextHanging = hanging + ' ';
    const nextWidth = currWidth - 1;
    const n = shape[axis];
    const summary = summarize && 2 * EDGE < n;
    const leading = summary ? EDGE : 0;
    const trailing = summary ? EDGE : n;
    const item = (i: number): string => recurse([...index, i], nextHanging, nextWidth);
    let s = '';
    if (axesLeft === 1) {
      const elemWidth = currWidth - 1;
      let line = hanging;
      for (let i = 0; i < leading; i++) {
        [s, line] = extendLine(s, line, item(i), elemWidth, hanging);
        line += ', ';
      }
      if (summary) {
        [s, line] = extendLine(s, line, '...', elemWidth, hanging);
        line += ', ';
      }
      for (let i = trailing; i > 1; i--) {
        [s, line] = extendLine(s, line, item(n - i), elemWidth, hanging);
        line += ', ';
      }
      [s, line] = extendLine(s, line, item(n - 1), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = ',' + '\n'.repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) s += hanging + item(i) + lineSep;
      if (summary) s += hanging + '...' + lineSep;
      for (let i = trailing; i > 1; i--) s += hanging + item(n - i) + lineSep;
      s += hanging + item(n - 1);
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return recurse([], prefix, width);
}

function dtypeRepr(
  dtype: NativeDType,
  data: readonly (number | bigint | string)[],
  itemsize?: number,
): string {
  if (dtype !== 'string') return dtype;
  if (itemsize !== undefined) return `'|S${itemsize}'`;
  let longest = 1;
  for (const s of data) longest = Math.max(longest, Buffer.byteLength(String(s), 'utf8'));
  return `'|S${longest}'`;
}

/**
 * numpy's repr() of an array (numpy 1.24): array([0, 1, 2], dtype=int16). `itemsize`:
 * a string array's dtype size (`'|S8'`), else its longest string's.
 */
export function numpyArrayRepr(
  dtype: NativeDType,
  shape: number[],
  data: ArrayLike<number | bigint | string>,
  itemsize?: number,
): string {
  const values = Array.from(data);
  const size = shape.reduce((a, b) => a * b, 1);
  const skipDtype = DTYPES[dtype].numpyDefault && size > 0;
  const prefix = 'array(';
  const suffix = skipDtype ? ')' : ',';
  let body: string;
  if (size === 0) {
    body = shape.length === 1 ? '[]' : `[], shape=${pyTuple(shape)}`;
  } else {
    const summarize = size > THRESHOLD;
    const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
    // The formatter sees only the elements shown, as numpy's _leading_trailing does.
    let shown: number[] = [0];
    shape.forEach((n, axis) => {
      shown = shown.flatMap((base) => visible(n, summarize).map((i) => base + i * strides[axis]));
    });
    const complex = DTYPES[dtype].kind === 'complex';
    const format = complex
      ? complexFormatter(data as ArrayLike<number>, shown, single(dtype))
      : (
          (f: Formatter) => (i: number) =>
            f(values[i] as number)
        )(
          formatterFor(
            dtype,
            shown.map((i) => values[i]),
            false,
          ),
        );
    body = formatArray(shape, format, LINE_WIDTH - suffix.length, ' '.repeat(prefix.length + 1), summarize);
  }
  const text = prefix + body + suffix;
  if (skipDtype) return text;
  const dtypeText = `dtype=${dtypeRepr(dtype, values, itemsize)})`;
  const lastLine = text.length - (text.lastIndexOf('\n') + 1);
  const spacer = lastLine + dtypeText.length + 1 > LINE_WIDTH ? '\n' + ' '.repeat(prefix.length) : ' ';
  return text + spacer + dtypeText;
}

/** repr() of an attribute value as PyTables shows it (numpy scalars print like Python's). */
export function valueRepr(raw: NativeReadValue): string {
  if (raw.shape === null) return raw.dtype === 'string' ? "''" : numpyArrayRepr(raw.dtype, [0], []);
  if (raw.shape.length > 0) return numpyArrayRepr(raw.dtype, raw.shape, raw.data);
  const v = raw.data[0];
  switch (DTYPES[raw.dtype].kind) {
    case 'string':
      return pyStr(v as string);
    case 'bool':
      return v ? 'True' : 'False';
    case 'float':
      return pyFloat(v as number, single(raw.dtype));
    case 'complex':
      return pyComplex(v as number, raw.data[1] as number, single(raw.dtype));
    default:
      return String(v);
  }
}
