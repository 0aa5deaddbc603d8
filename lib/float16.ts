// IEEE half precision (numpy's float16) in JavaScript, which has no such number: values are
// held in float32/float64 and rounded here exactly as numpy rounds them (to nearest, ties to
// even; beyond the largest half, 65504, to ±Infinity), so what h5tables writes equals what
// numpy would have stored, whatever HDF5's own conversion does.

const SUBNORMAL_STEP = 2 ** -24; // the spacing of half's subnormals
const SMALLEST_NORMAL = 2 ** -14;
const OVERFLOW = 65520; // halfway between 65504 and the next power: rounds to Infinity

/** `x` rounded to the nearest float16 (ties to even), as a number (Math.f16round where Node has it). */
export function roundFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= OVERFLOW) return x > 0 ? Infinity : -Infinity;
  let step = SUBNORMAL_STEP;
  if (a >= SMALLEST_NORMAL) {
    // 11 significant bits: the step is 2^(e - 10) for 2^e <= a < 2^(e + 1).
    let e = Math.floor(Math.log2(a));
    if (2 ** e > a) e -= 1;
    else if (2 ** (e + 1) <= a) e += 1;
    step = 2 ** (e - 10);
  }
  const q = a / step; // exact: step is a power of two
  let n = Math.floor(q);
  const rest = q - n;
  if (rest > 0.5 || (rest === 0.5 && n % 2 === 1)) n += 1;
  const rounded = n * step;
  return x < 0 ? -rounded : rounded;
}

/** `values` rounded to float16, in a new Float32Array (which holds every half exactly). */
export function toFloat16Values(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = roundFloat16(values[i] as number);
  return out;
}

/** The fewest significant digits that read back as the same float16 (numpy's repr of a float16). */
export function shortestFloat16(x: number): string {
  for (let p = 1; p < 6; p++) {
    const candidate = x.toPrecision(p);
    if (roundFloat16(Number(candidate)) === x) return Number(candidate).toExponential();
  }
  return x.toExponential();
}
