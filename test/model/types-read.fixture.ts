// Compiled (never run) by types-read.test.ts under the settings `tsc --init` writes
// (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes) and by model-types.test.ts
// under plain strict: reads are typed by the leaf's dtype where the checker knows it, and
// the int64 option types what int64 reads give. Each `Equal` fails to compile when a type
// drifts; each @ts-expect-error fails when a wrong use stops being an error.
import {
  Array as H5Array,
  type DType,
  type File,
  type Node,
  type ReadResult,
  type ReadResultJSON,
  openFile,
  openFileAsync,
  type TypedArray,
} from '../../lib/index';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}
/** exact<T>()(value) compiles only when value's type is exactly T. */
function exact<Expected>() {
  return function check<Actual>(
    value: Actual,
    ...mismatch: Equal<Actual, Expected> extends true ? [] : ['type mismatch']
  ): void {
    void [value, mismatch];
  };
}

export function createdArrays(f: File<'bigint'>): number {
  const a = f.createArray('/', 'a', new Float64Array([1, 2, 3]));
  assertType<Equal<typeof a, H5Array<'float64', 'bigint'>>>();
  const r = a.read();
  assertType<Equal<typeof r.data, Float64Array>>();
  assertType<Equal<typeof r.dtype, 'float64'>>();
  const doubled: number = (r.data[0] ?? 0) * 2;
  const sum: number = r.data.reduce((s, x) => s + x, 0);
  // @ts-expect-error -- a float64 array's data is not strings
  const wrong: string[] = a.read().data;

  exact<'int32'>()(f.createArray('/', 'i', new Int32Array(2)).dtype);
  assertType<Equal<ReturnType<H5Array<'uint8'>['read']>['data'], Uint8Array>>();
  exact<'uint8'>()(f.createArray('/', 'buf', Buffer.from('ab')).dtype);
  exact<Float64Array>()(f.createArray('/', 'n', [1, 2, 3]).read().data);
  exact<'float64'>()(
    f.createArray('/', 'nn', [
      [1, 2],
      [3, 4],
    ]).dtype,
  );
  exact<'float64'>()(f.createArray('/', 'e', []).dtype);
  exact<string[]>()(f.createArray('/', 's', ['ab', 'c']).read().data);
  exact<Uint8Array>()(f.createArray('/', 'b', [true, false]).read().data);
  exact<'float64'>()(f.createArray('/', 'x', 2.5).dtype);
  exact<'int16'>()(f.createArray('/', 'm', { data: new Int16Array(4), shape: [2, 2] }).dtype);
  exact<'float64'>()(f.createArray('/', 'mn', { data: [1, 2], shape: [2] }).dtype);
  // bigints are int64, or uint64 when a value needs it: the checker cannot tell which.
  exact<'int64' | 'uint64'>()(f.createArray('/', 'big', 5n).dtype);
  void [doubled, sum, wrong];
  return doubled;
}

export function int64Reads(f: File<'bigint'>, g: File<'number'>): void {
  const big = f.createArray('/', 'big', new BigInt64Array([1n]));
  exact<BigInt64Array>()(big.read().data);
  exact<Float64Array>()(big.read(0, 1, 1, { int64: 'number' }).data);
  exact<BigInt64Array>()(big.read(undefined, undefined, undefined, {}).data);
  const ubig = g.createArray('/', 'ubig', new BigUint64Array([1n]));
  exact<Float64Array>()(ubig.read().data);
  exact<BigUint64Array>()(ubig.read(0, 1, 1, { int64: 'bigint' }).data);
  // Other dtypes read as they are in either mode.
  exact<Float32Array>()(g.createArray('/', 'f', new Float32Array(1)).read().data);
  exact<Promise<ReadResult<'int64', 'bigint'>>>()(big.readAsync());
  exact<Promise<ReadResult<'int64', 'number'>>>()(big.readAsync(0, 1, 1, { int64: 'number' }));
  // @ts-expect-error -- int64 is 'bigint' or 'number'
  big.read(0, 1, 1, { int64: 'string' });
  // @ts-expect-error -- an unknown read option
  big.read(0, 1, 1, { output: new BigInt64Array(1) });
  // `out` is the dtype's TypedArray.
  exact<BigInt64Array>()(big.read(0, 1, 1, { out: new BigInt64Array(1), int64: 'bigint' }).data);
}

export async function openedFiles(image: Buffer): Promise<void> {
  const plain = openFile('x.h5', 'r');
  assertType<Equal<typeof plain, File<'bigint'>>>();
  const numbers = openFile('x.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image, int64: 'number' });
  assertType<Equal<typeof numbers, File<'number'>>>();
  assertType<Equal<Awaited<ReturnType<typeof openFileAsync<'number'>>>, File<'number'>>>();
  const later = await openFileAsync('x.h5', 'r', { int64: 'number' });
  exact<File<'number'>>()(later);
  // @ts-expect-error -- int64 is 'bigint' or 'number'
  openFile('x.h5', 'r', { int64: 'bigints' });
  // A File of either mode is a File.
  const files: File[] = [plain, numbers];
  void files;
}

export function unknownDTypes(f: File<'number'>, node: H5Array): void {
  // A node found by path has every dtype's data until narrowed.
  const found = f.getNode('/a');
  assertType<Equal<typeof found.dtype, DType>>();
  // as() checks and narrows, keeping the file's int64 mode.
  exact<Float64Array>()(found.as('float64').read().data);
  exact<Float64Array>()(found.as('int64').read().data);
  exact<string[]>()(found.as('string').read().data);
  exact<Uint16Array>()(f.getNode('/', 'a', 'Array').as('uint16').read().data);
  // Natural naming narrows the same way (`?.`: with noUncheckedIndexedAccess the child may be undefined).
  const viaNatural: Int8Array | undefined = f.root.group?.array?.as('int8').read().data;
  // @ts-expect-error -- an int8 array's data is not a Float64Array
  const wrongNatural: Float64Array | undefined = f.root.group?.array?.as('int8').read().data;
  void [viaNatural, wrongNatural];
  // isDType() narrows an Array variable.
  if (node.isDType('float32')) exact<Float32Array>()(node.read().data);
  // @ts-expect-error -- not a dtype
  found.as('float128');
}

export function json(a: H5Array<'int64', 'bigint'>): string {
  const out = a.read().toJSON();
  exact<ReadResultJSON<'int64'>>()(out);
  exact<Array<number | string>>()(out.data);
  return JSON.stringify(a.read());
}

export function narrowedByInstanceof(n: Node): void {
  if (n instanceof H5Array) {
    // instanceof gives `any` type arguments: the data is still every dtype's, neither any nor unknown.
    const data = n.read().data;
    const union: TypedArray | string[] = data;
    // @ts-expect-error -- strings are among them
    const one: string[] = data;
    void [union, one];
  }
}
