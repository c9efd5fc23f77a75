/**
 * `promise`'s outcome, or, if `ms` pass first, `onTimeout()`'s: its return value resolves,
 * what it throws rejects. The callee is not cancelled (give it an `AbortSignal.timeout` when
 * it takes one); its late outcome is ignored. The timer is cleared as soon as `promise`
 * settles and never keeps the process alive by itself.
 */
export async function withTimeout<T, U = never>(
  promise: PromiseLike<T>,
  ms: number,
  onTimeout: () => U,
): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  }).then(onTimeout);
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
