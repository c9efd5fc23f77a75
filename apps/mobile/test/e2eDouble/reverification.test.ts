import {
  forgetReverification,
  freshFva,
  reverifyingSession,
  useReverification,
} from '../../e2e/double/reverification';

// The hint the app's deletion fetcher returns for the API's 403 `reverification_required`.
const HINT = {
  clerk_error: {
    type: 'forbidden',
    reason: 'reverification-error',
    metadata: { reverification: { level: 'first_factor', afterMinutes: 10 } },
  },
};

describe("the demo client's useReverification (as @clerk/expo 4.6 behaves)", () => {
  it('asks to reverify on the hint, then retries the request once after "complete"', async () => {
    const fetcher = jest.fn().mockResolvedValueOnce(HINT).mockResolvedValueOnce({ deleted: true });
    const run = useReverification(fetcher, {
      onNeedsReverification: ({ complete }) => complete(),
    });

    await expect(run()).resolves.toEqual({ deleted: true });
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('rejects with reverification_cancelled on "cancel", without retrying (nothing is deleted)', async () => {
    const fetcher = jest.fn().mockResolvedValue(HINT);
    const run = useReverification(fetcher, { onNeedsReverification: ({ cancel }) => cancel() });

    await expect(run()).rejects.toMatchObject({ code: 'reverification_cancelled' });
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('throws any other failure as is, without asking to reverify', async () => {
    const failure = Object.assign(new Error('offline'), { code: 'network_error' });
    const onNeedsReverification = jest.fn();
    const run = useReverification(jest.fn().mockRejectedValue(failure), {
      onNeedsReverification,
    });

    await expect(run()).rejects.toBe(failure);
    expect(onNeedsReverification).not.toHaveBeenCalled();
  });

  it('never hands the hint back as if the request had succeeded', async () => {
    const run = useReverification(jest.fn().mockResolvedValue(HINT));

    await expect(run()).rejects.toMatchObject({ code: 'reverification_cancelled' });
  });

  it('makes an aged sign-in look aged until the emailed code reverifies it', async () => {
    forgetReverification();
    (globalThis as Record<string, unknown>).__ASSETRA_E2E_SIGN_IN_AGE_MINUTES__ = 30;
    try {
      expect(freshFva()).toEqual([30, -1]);

      await reverifyingSession.attemptFirstFactorVerification({ code: '424242' });

      expect(freshFva()).toEqual([0, -1]);
    } finally {
      delete (globalThis as Record<string, unknown>).__ASSETRA_E2E_SIGN_IN_AGE_MINUTES__;
      forgetReverification();
    }
  });
});
