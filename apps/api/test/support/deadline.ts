/** How a promise settled, and whether it did so before the deadline. */
export type Settled = { error: unknown; inTime: boolean };

/**
 * Settles `promise` and says whether it did so before a timer of `ms`, started now, fired.
 * Not a stopwatch: when a loaded machine runs this worker late, the code's own timeouts
 * (started a moment later, due earlier) are late by as much, and Node runs due timers in
 * the order they fall due; so this fails when the code waits for something longer than
 * `ms`, not when the machine is slow.
 */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<Settled> {
  let late = false;
  const timer = setTimeout(() => {
    late = true;
  }, ms);
  try {
    await promise;
    return { error: undefined, inTime: !late };
  } catch (error) {
    return { error, inTime: !late };
  } finally {
    clearTimeout(timer);
  }
}

/** Polls until `check` holds, for at most `ms`; the bounds under test are far above what it waits. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}
