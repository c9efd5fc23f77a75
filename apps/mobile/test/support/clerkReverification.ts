type Needs = { complete: () => void; cancel: () => void; level: string | undefined };
type Options = { onNeedsReverification?: (needs: Needs) => void };

function isHint(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('clerk_error' in value)) return false;
  const error = (value as { clerk_error?: { type?: string; reason?: string } }).clerk_error;
  return error?.type === 'forbidden' && error.reason === 'reverification-error';
}

/**
 * Clerk's `useReverification` contract (see @clerk/shared/react/hooks/useReverification): run
 * the fetcher; on a reverification hint ask `onNeedsReverification`, wait for complete/cancel
 * (cancel rejects with code `reverification_cancelled`), then run the fetcher once more.
 */
export function fakeUseReverification<A extends unknown[], R>(
  fetcher: (...args: A) => Promise<R>,
  options?: Options,
) {
  return async (...args: A): Promise<R> => {
    let result = await fetcher(...args);
    if (isHint(result)) {
      await new Promise<void>((resolve, reject) => {
        options?.onNeedsReverification?.({
          complete: () => resolve(),
          cancel: () =>
            reject(
              Object.assign(new Error('User cancelled attempted verification'), {
                code: 'reverification_cancelled',
              }),
            ),
          level: 'first_factor',
        });
      });
      result = await fetcher(...args);
    }
    return result;
  };
}
