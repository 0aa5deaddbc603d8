// The errors httpSource and s3Source reject a read with. Each is an Error with a `code`
// saying what kind of failure it is, so a caller (or a retry policy) can branch on it
// through the driver's ERR_SOURCE error's `cause`.

/**
 * The `code` of an httpSource or s3Source error:
 * - `'ERR_SOURCE_NOT_FOUND'`: 404, S3's NoSuchKey or NoSuchBucket
 * - `'ERR_SOURCE_DENIED'`: 401 or 403, S3's AccessDenied
 * - `'ERR_SOURCE_CHANGED'`: the file was replaced since the first read (412, another ETag or size)
 * - `'ERR_SOURCE_NO_RANGE'`: the server ignored the Range header (200 with the whole file)
 * - `'ERR_SOURCE_BAD_RESPONSE'`: a Content-Range or body that does not match the request
 * - `'ERR_SOURCE_REQUEST'`: any other failure (another status, the network, the client)
 */
export type SourceErrorCode =
  | 'ERR_SOURCE_NOT_FOUND'
  | 'ERR_SOURCE_DENIED'
  | 'ERR_SOURCE_CHANGED'
  | 'ERR_SOURCE_NO_RANGE'
  | 'ERR_SOURCE_BAD_RESPONSE'
  | 'ERR_SOURCE_REQUEST';

/** An Error with the code, the HTTP status (when there was one) and the underlying error. */
export interface SourceError extends Error {
  /** What went wrong (see SourceErrorCode). */
  code: SourceErrorCode;
  /** The HTTP status of the response, when there was one. */
  status?: number;
}

/** @internal Makes one; `status` and `cause` only when known. */
export function sourceError(
  code: SourceErrorCode,
  message: string,
  extra: { status?: number; cause?: unknown } = {},
): SourceError {
  const err = new Error(
    message,
    extra.cause === undefined ? undefined : { cause: extra.cause },
  ) as SourceError;
  err.code = code;
  if (extra.status !== undefined) err.status = extra.status;
  return err;
}

/** @internal The code for a failing HTTP status. */
export function codeForStatus(status: number): SourceErrorCode {
  if (status === 404 || status === 410) return 'ERR_SOURCE_NOT_FOUND';
  if (status === 401 || status === 403) return 'ERR_SOURCE_DENIED';
  if (status === 412) return 'ERR_SOURCE_CHANGED';
  return 'ERR_SOURCE_REQUEST';
}
