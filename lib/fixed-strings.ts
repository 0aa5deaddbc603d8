// A table's fixed-size string columns as bytes: the binding moves each as one Uint8Array of
// n elements of itemsize bytes, each padded with NULs (readRecords(..., stringsAsBytes),
// appendRecords), and the conversions to and from string[] happen here, in one pass over a
// block of elements. Making one JS string per element in the binding cost ten times more
// (bench/ W8: 1,000,000 8-byte strings took 200-370 ms each way).

/**
 * A column of fixed-size byte strings: `bytes` holds `length` elements of `itemsize` bytes
 * each, NUL-padded after their end (how conditions see string columns; not exported from
 * the package).
 */
export class FixedStrings {
  constructor(
    readonly bytes: Uint8Array,
    readonly itemsize: number,
  ) {}

  get length(): number {
    return this.bytes.length / this.itemsize;
  }

  /** The elements as strings, trailing NULs dropped. */
  decode(): string[] {
    return decodeFixedStrings(this.bytes, this.itemsize);
  }
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of `s` (at least one byte: an empty string is one NUL, as HDF5 stores it). */
export function utf8Bytes(s: string): Uint8Array {
  const bytes = encoder.encode(s);
  return bytes.length > 0 ? bytes : new Uint8Array(1);
}

/**
 * Strings packed as NUL-padded UTF-8 elements of `itemsize` bytes; `reject(i)` is called
 * (and must throw) for the first element that is not a string or does not fit. ASCII is
 * copied code unit by code unit; a string with any other character is encoded alone.
 */
export function encodeFixedStrings(
  strings: ArrayLike<unknown>,
  itemsize: number,
  reject: (index: number) => never,
): Uint8Array {
  const n = strings.length;
  const out = new Uint8Array(n * itemsize);
  for (let i = 0; i < n; i++) {
    const s = strings[i];
    if (typeof s !== 'string') reject(i);
    const o = i * itemsize;
    const length = s.length;
    let j = 0;
    if (length <= itemsize) {
      for (; j < length; j++) {
        const c = s.charCodeAt(j);
        if (c >= 0x80) break;
        out[o + j] = c;
      }
    }
    if (j === length) continue;
    // More code units than bytes is too long (UTF-8 takes at least a byte per UTF-16 code
    // unit); a string with other than ASCII is encoded alone.
    if (length > itemsize) reject(i);
    const bytes = encoder.encode(s);
    if (bytes.length > itemsize) reject(i);
    out.set(bytes, o);
  }
  return out;
}

/** Elements decoded per block: one latin1 string per block, sliced per element. */
const DECODE_BLOCK_BYTES = 32 * 1024;

/** The elements of NUL-padded `bytes` (`itemsize` each) as strings, trailing NULs dropped. */
export function decodeFixedStrings(bytes: Uint8Array, itemsize: number): string[] {
  const n = itemsize > 0 ? Math.floor(bytes.length / itemsize) : 0;
  const out = new Array<string>(n);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const per = Math.max(1, Math.floor(DECODE_BLOCK_BYTES / itemsize));
  for (let first = 0; first < n; first += per) {
    const count = Math.min(per, n - first);
    const from = first * itemsize;
    const to = from + count * itemsize;
    let ascii = true;
    for (let j = from; j < to; j++) {
      if ((bytes[j] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
    // ASCII is latin1: one string for the block, cut per element (V8 copies short slices).
    const text = ascii ? buffer.toString('latin1', from, to) : '';
    for (let i = 0; i < count; i++) {
      const o = from + i * itemsize;
      let end = o + itemsize;
      while (end > o && bytes[end - 1] === 0) end--;
      out[first + i] = ascii ? text.slice(o - from, end - from) : buffer.toString('utf8', o, end);
    }
  }
  return out;
}

/** Strings as FixedStrings of the longest one's UTF-8 length (at least 1). */
export function fixedStringsOf(strings: readonly string[]): FixedStrings {
  let itemsize = 1;
  const encoded: Array<Uint8Array | null> = new Array<Uint8Array | null>(strings.length).fill(null);
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i] as string;
    let ascii = true;
    for (let j = 0; j < s.length; j++) {
      if (s.charCodeAt(j) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) itemsize = Math.max(itemsize, s.length);
    else itemsize = Math.max(itemsize, (encoded[i] = encoder.encode(s)).length);
  }
  const bytes = new Uint8Array(strings.length * itemsize);
  for (let i = 0; i < strings.length; i++) {
    const e = encoded[i];
    if (e) bytes.set(e, i * itemsize);
    else {
      const s = strings[i] as string;
      for (let j = 0; j < s.length; j++) bytes[i * itemsize + j] = s.charCodeAt(j);
    }
  }
  return new FixedStrings(bytes, itemsize);
}
