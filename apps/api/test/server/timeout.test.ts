import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from '../../src/timeout.js';

describe('withTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("gives the callee's answer when it comes first, and leaves no timer behind", async () => {
    const answer = await withTimeout(Promise.resolve('answer'), 1000, () => 'late');

    expect(answer).toBe('answer');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("passes on the callee's failure when it comes first, and leaves no timer behind", async () => {
    const failure = withTimeout(Promise.reject(new Error('refused')), 1000, () => 'late');

    await expect(failure).rejects.toThrow('refused');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('answers with onTimeout once the time has passed: its value, or what it throws', async () => {
    const never = new Promise<string>(() => undefined);
    const fallback = withTimeout(never, 1000, () => 'fallback');
    const failure = withTimeout(never, 1000, () => {
      throw new Error('too slow');
    });
    const failed = expect(failure).rejects.toThrow('too slow');

    await vi.advanceTimersByTimeAsync(1000);

    expect(await fallback).toBe('fallback');
    await failed;
  });
});
