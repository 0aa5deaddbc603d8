// What openFileAsync reads a file through when the file is not on a local disk.

/** What a byte-range source's read is given besides the range. */
export interface ByteRangeReadOptions {
  /** Aborted when the read has timed out (openFileAsync's `sourceTimeout`). */
  signal?: AbortSignal;
}

/** Anything that serves a file's bytes by range (an HTTP server, S3, a Buffer, ...). */
export interface ByteRangeSource {
  /**
   * The file's size in bytes, when known. httpSource and s3Source learn it from their
   * first response (undefined before it).
   */
  readonly size?: number;
  /**
   * Resolves to the bytes [offset, offset + length). Fewer bytes only where the file ends
   * (offset + length > size); anything else short is an error. A rejection rejects the
   * operation that needed the bytes, with that error. `options.signal` is aborted when the
   * read has taken longer than openFileAsync's `sourceTimeout` (the read has then failed and
   * its answer is ignored): a source may cancel its request then.
   */
  read(offset: number, length: number, options?: ByteRangeReadOptions): Promise<Uint8Array>;
}
