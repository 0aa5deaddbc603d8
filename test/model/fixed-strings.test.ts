// Issue 13: a table's string columns cross the binding as bytes (lib/fixed-strings.ts).
// The conversions both ways, over block boundaries and every kind of character, and what a
// table does with them: append from columns or rows, read, iterate, query, with the same
// errors as before for a string that does not fit or is not a string.
import { afterEach, describe, expect, it } from 'vitest';

import { decodeFixedStrings, encodeFixedStrings, fixedStringsOf } from '../../lib/fixed-strings';
import * as h5 from '../../lib/index';

const never = (i: number): never => {
  throw new Error(`rejected ${i}`);
};

/** Strings of every kind: empty, full width, ASCII, two-, three- and four-byte UTF-8. */
function mixed(n: number): string[] {
  const kinds = ['', 'abcdefgh', 'k', 'é', 'x€y', '😀', 'tab\there', 'a\u0000b'];
  return Array.from({ length: n }, (_, i) => `${kinds[i % kinds.length]}`.slice(0, 8));
}

describe('fixed strings: encode and decode', () => {
  it('round-trips every kind of string across decode blocks', () => {
    // 9000 elements of 8 bytes: three 32 KiB decode blocks, some all ASCII, some not.
    const ascii = Array.from({ length: 9000 }, (_, i) => `s${i}`);
    const withUtf8 = ascii.map((s, i) => (i === 8500 ? 'é€' : s));
    for (const strings of [ascii, withUtf8, mixed(50)]) {
      const bytes = encodeFixedStrings(strings, 8, never);
      expect(bytes.length).toBe(strings.length * 8);
      expect(
        Buffer.from(bytes.subarray(8 * 3, 8 * 4))
          .toString('utf8')
          .replace(/\0+$/, ''),
      ).toBe(strings[3]);
      expect(decodeFixedStrings(bytes, 8)).toEqual(strings);
    }
  });

  it('drops only trailing NULs, as a string read does', () => {
    const bytes = Uint8Array.of(97, 0, 98, 0, 0, 0, 0, 0, 0);
    expect(decodeFixedStrings(bytes, 3)).toEqual(['a\u0000b', '', '']);
  });

  it('rejects a non-string, or one longer than itemsize in UTF-8 bytes, by its index', () => {
    expect(() => encodeFixedStrings(['ok', 5 as unknown as string], 4, never)).toThrow('rejected 1');
    expect(() => encodeFixedStrings(['ok', 'toolong'], 4, never)).toThrow('rejected 1');
    // Three code units, but 'é€' is five bytes.
    expect(() => encodeFixedStrings(['é€', 'a'], 4, never)).toThrow('rejected 0');
    expect(encodeFixedStrings(['é€'], 5, never)).toEqual(new Uint8Array(Buffer.from('é€')));
  });

  it('fixedStringsOf sizes by the longest UTF-8 string (at least 1)', () => {
    expect(fixedStringsOf([]).itemsize).toBe(1);
    expect(fixedStringsOf(['', '']).itemsize).toBe(1);
    const f = fixedStringsOf(['ab', '€']);
    expect(f.itemsize).toBe(3);
    expect(f.length).toBe(2);
    expect(f.decode()).toEqual(['ab', '€']);
  });
});

describe('fixed strings: a table moves its string columns as bytes', () => {
  let f: h5.File | undefined;
  afterEach(() => f?.close());
  const open = (): h5.File =>
    (f = h5.openFile(`fixed-strings-${process.pid}-${Math.random()}.h5`, 'w', {
      driver: 'H5FD_CORE',
      driverCoreBackingStore: false,
    }));
  const desc = () => ({
    k: h5.Int32Col({ pos: 0 }),
    s: h5.StringCol(8, { pos: 1 }),
    p: h5.StringCol(3, { shape: [2], pos: 2 }),
  });

  it('appends columns and rows of every kind of string; reads, iterates and queries them', async () => {
    const t = open().createTable('/', 't', desc());
    const s = mixed(40);
    const k = Int32Array.from(s, (_, i) => i);
    const p = s.flatMap((_, i) => [`${i % 7}`, i % 3 ? 'é' : '']);
    t.append({ k, s, p: Array.from({ length: 40 }, (_, i) => [p[2 * i], p[2 * i + 1]]) });
    t.append(s.slice(0, 3).map((x, i) => ({ k: 100 + i, s: x, p: ['a', 'bc'] })));
    const all = t.read() as h5.TableColumns;
    expect(all.s).toEqual([...s, ...s.slice(0, 3)]);
    expect(Array.from((all.p as string[]).slice(0, 4))).toEqual(p.slice(0, 4));
    expect([...t.iterrows(40)].map((r) => r.s)).toEqual(s.slice(0, 3));
    expect((await t.readAsync(41, 42)) as h5.TableColumns).toMatchObject({ s: [s[1]] });
    // Conditions compare bytes; only the selected rows become strings.
    const want = s.map((x, i) => [x, i] as const).filter(([x]) => x === 'é');
    expect(t.getWhereList('s == "é"')).toEqual(want.map(([, i]) => i));
    expect((t.readWhere('(s == "é") & (k < 100)') as h5.TableColumns).s).toEqual(want.map(([x]) => x));
    expect([...t.where('contains(s, "€")')].map((r) => r.k)).toEqual(
      s.flatMap((x, i) => (x.includes('€') ? [i] : [])),
    );
    expect((t.readCoordinates([1, 3]) as h5.TableColumns).s).toEqual([s[1], s[3]]);
  });

  it('a string that does not fit or is not a string is the same error as before, nothing added', () => {
    const t = open().createTable('/', 't', desc());
    const cols = (s: unknown[]): Record<string, unknown> => ({
      k: new Int32Array(s.length),
      s,
      p: s.map(() => ['', '']),
    });
    expect(() => t.append(cols(['ok', 'ninechars']) as never)).toThrow(
      /row 1: the string 'ninechars' is longer than column 's''s 8 bytes/,
    );
    expect(() => t.append(cols(['ok', '€€€']) as never)).toThrow(
      /the string '€€€' is longer than column 's''s 8 bytes/,
    );
    expect(() => t.append(cols(['ok', 7]) as never)).toThrow(
      /row 1: column 's' must be a string, not number/,
    );
    expect(() => t.append([{ k: 1, s: 'x', p: ['long', ''] }])).toThrow(/longer than column 'p''s 3 bytes/);
    expect(t.nrows).toBe(0);
  });
});
