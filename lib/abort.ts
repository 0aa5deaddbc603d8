// Cancelling Promise forms with an AbortSignal, as Node's own APIs take one.
//
// Every Promise form accepts `{ signal }`. A signal already aborted rejects at once and
// nothing is done. Aborting later takes the operation's HDF5 work out of the HDF5 thread's
// queue if it has not started: it never runs and the promise rejects with an AbortError.
// Work that has started is finished and its result delivered: HDF5 cannot be interrupted
// midway, and a write that happened must not be reported as not done. So an AbortError
// always means "this never ran".

import { nativeCallAsync } from './errors';
import { checkOptions } from './options';

/** The options of every Promise form. */
export interface AsyncOptions {
  /**
   * Cancels the operation while it is still queued (Node's AbortSignal, e.g. from an
   * AbortController or `AbortSignal.timeout(ms)`). An already aborted signal rejects at
   * once; aborting later takes the queued work out of the HDF5 thread's queue and rejects
   * with a DOMException named 'AbortError' whose `cause` is the signal's reason. Work that
   * has already started is finished, and the promise settles with its result.
   */
  signal?: AbortSignal;
}

/** @internal The binding's Promise forms call it once queued, with the task's cancel(). */
export type OnQueued = (cancel: () => boolean) => void;

function checkSignal(value: unknown, key: string): void {
  if (!(value instanceof AbortSignal)) throw new TypeError(`option '${key}' must be an AbortSignal`);
}

/** @internal The accepted keys of AsyncOptions. */
export const ASYNC_OPTIONS = { signal: checkSignal } as const;

/** @internal Checks `{ signal }` for the Promise form named `what`; returns the signal. */
export function asyncOptions(options: unknown, what: string): AbortSignal | undefined {
  if (options === undefined) return undefined;
  checkOptions(options, ASYNC_OPTIONS, what);
  return (options as AsyncOptions).signal;
}

/**
 * @internal Takes `signal` out of an options object that also holds other options:
 * `{ signal, rest }`, `rest` being the options without it (what is not an object stays as
 * given, for its own check to refuse).
 */
export function splitSignal<T>(options: T, what: string): { signal: AbortSignal | undefined; rest: T } {
  if (typeof options !== 'object' || options === null || !('signal' in options))
    return { signal: undefined, rest: options };
  const { signal, ...rest } = options as T & AsyncOptions;
  return { signal: asyncOptions({ signal }, what), rest: rest as T };
}

/** @internal The error an aborted operation rejects with (as Node's APIs reject). */
export function abortError(signal: AbortSignal): DOMException {
  // The (message, name) form types everywhere; `cause` as Node's own AbortErrors carry it.
  const error = new DOMException('The operation was aborted', 'AbortError');
  Object.defineProperty(error, 'cause', {
    value: signal.reason as unknown,
    writable: true,
    configurable: true,
  });
  return error;
}

/** @internal Throws the AbortError when `signal` is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

function isNativeAbort(err: unknown): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === 'ABORT_ERR';
}

/**
 * @internal Runs one native Promise form (`start` passes `onQueued` as its last argument)
 * under `signal`: rejects at once when it is already aborted, and cancels the queued task
 * when it is aborted before the task starts.
 */
export async function queued<T>(
  signal: AbortSignal | undefined,
  start: (onQueued?: OnQueued) => Promise<T>,
): Promise<T> {
  if (signal === undefined) return nativeCallAsync(() => start());
  throwIfAborted(signal);
  let cancel: (() => boolean) | undefined;
  const onAbort = (): void => {
    cancel?.();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await nativeCallAsync(() =>
      start((c) => {
        cancel = c;
      }),
    );
  } catch (err) {
    if (isNativeAbort(err)) throw abortError(signal);
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
