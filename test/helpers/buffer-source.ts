// In-process byte-range sources over a Buffer, for the driver's tests: they record every
// read, and can fail, answer short, or hold a read until the test releases it.
export interface SourceRead {
  offset: number;
  length: number;
}

export interface BufferSourceOptions {
  /** Tell the size up front (default true); false: the driver learns it from the probe. */
  knowsSize?: boolean;
  /** Called for each read before it is answered: throw or return a Promise to change the answer. */
  intercept?: (offset: number, length: number) => Promise<Uint8Array> | Uint8Array | undefined;
}

export interface BufferSource {
  readonly size?: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  readonly reads: SourceRead[];
}

export function bufferSource(bytes: Uint8Array, options: BufferSourceOptions = {}): BufferSource {
  const reads: SourceRead[] = [];
  const source = {
    reads,
    async read(offset: number, length: number): Promise<Uint8Array> {
      reads.push({ offset, length });
      const changed = options.intercept?.(offset, length);
      if (changed !== undefined) return changed;
      return bytes.slice(offset, offset + length);
    },
  };
  if (options.knowsSize === false) return source;
  return Object.assign(source, { size: bytes.length });
}

/** A promise and its resolve/reject, to hold a read until the test lets it go. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
