import { classifyAuthError } from './authErrors';

describe('classifyAuthError', () => {
  it.each([
    [{ code: 'passkey_retrieval_cancelled', message: 'x' }, 'cancelled'],
    [{ code: 'ERR_REQUEST_CANCELED', message: 'The user canceled' }, 'cancelled'],
    [{ code: 'network_error', message: 'x' }, 'offline'],
    [new TypeError('Network request failed'), 'offline'],
    [{ errors: [{ code: 'form_code_incorrect', message: 'Incorrect code' }] }, 'error'],
  ])('classifies %o as %s', (error, kind) => {
    expect(classifyAuthError(error).kind).toBe(kind);
  });

  it("uses Clerk's long message when there is no friendlier one", () => {
    const problem = classifyAuthError({
      errors: [{ code: 'x', message: 'short', longMessage: 'The long one.' }],
    });

    expect(problem).toEqual({ kind: 'error', message: 'The long one.', code: 'x' });
  });
});
