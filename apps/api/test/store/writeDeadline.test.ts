import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatabaseUnavailableError } from '../../src/store/port.js';
import { CLOCK_MARGIN_MS, guardWrite } from '../../src/store/writeDeadline.js';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const deadline = new Date(T0 + 2_000);
const answerable = 2_000 + CLOCK_MARGIN_MS;

/** Settles `promise` into a readable state without awaiting it. */
function watch<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { value, settled: true }),
    (error: unknown) => Object.assign(state, { error, settled: true }),
  );
  return state;
}

describe('guardWrite: when the API may answer for a write', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers with the result of a write that answered in time', async () => {
    await expect(
      guardWrite(
        deadline,
        () => Promise.resolve('done'),
        () => true,
      ),
    ).resolves.toBe('done');
  });

  it('answers at once for a failure known not to have taken effect', async () => {
    const refused = new DatabaseUnavailableError(new Error('refused by the server'));
    const answer = watch(
      guardWrite(
        deadline,
        () => Promise.reject(refused),
        () => true,
      ),
    );

    await vi.advanceTimersByTimeAsync(0);

    expect(answer).toMatchObject({ settled: true, error: refused });
  });

  it('answers a failure of unknown outcome only once deadline + margin has passed', async () => {
    const reset = new DatabaseUnavailableError(new Error('connection reset'));
    const answer = watch(
      guardWrite(
        deadline,
        () => Promise.reject(reset),
        () => false,
      ),
    );

    await vi.advanceTimersByTimeAsync(answerable - 1);
    expect(answer.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(answer).toMatchObject({ settled: true, error: reset });
  });

  it('gives up on a write that never answers at deadline + margin, as database unavailable', async () => {
    const answer = watch(
      guardWrite(
        deadline,
        () => new Promise<never>(() => undefined),
        () => true,
      ),
    );

    await vi.advanceTimersByTimeAsync(answerable - 1);
    expect(answer.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(answer.settled).toBe(true);
    expect(answer.error).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('runs the fence after deadline + margin and answers only once it settled, for an unknown outcome', async () => {
    const order: string[] = [];
    let endFence: (() => void) | undefined;
    const fence = () => {
      order.push(`fence at ${String(Date.now() - T0)}`);
      return new Promise<void>((resolve) => {
        endFence = resolve;
      });
    };
    const answer = watch(
      guardWrite(
        deadline,
        () => new Promise<never>(() => undefined),
        () => true,
        fence,
      ),
    );

    await vi.advanceTimersByTimeAsync(answerable);
    expect(order).toEqual([`fence at ${String(answerable)}`]);
    expect(answer.settled).toBe(false);
    endFence?.();
    await vi.advanceTimersByTimeAsync(0);

    expect(answer.error).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('answers even when the fence fails, and runs none for a failure known not to take effect', async () => {
    const fence = vi.fn(() => Promise.reject(new Error('unreachable')));
    const unknown = watch(
      guardWrite(
        deadline,
        () => Promise.reject(new Error('reset')),
        () => false,
        fence,
      ),
    );
    const known = watch(
      guardWrite(
        deadline,
        () => Promise.reject(new Error('refused')),
        () => true,
        fence,
      ),
    );

    await vi.advanceTimersByTimeAsync(0);
    expect(known.settled).toBe(true);
    expect(fence).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(answerable);

    expect(unknown.error).toEqual(new Error('reset'));
    expect(fence).toHaveBeenCalledOnce();
  });
});
