import { problem } from '../../test/support/fakeHttp';
import { ApiError, NetworkError, problemFromBody } from './apiErrors';
import { shouldRetry } from './queryClient';

const apiError = (status: number, code: string) =>
  new ApiError(status, problemFromBody(problem(status, code, code)), null);

describe('query retry policy', () => {
  it('retries no answer and server failures, a bounded number of times', () => {
    expect(shouldRetry(0, new NetworkError('offline'))).toBe(true);
    expect(shouldRetry(1, new NetworkError('timeout'))).toBe(true);
    expect(shouldRetry(0, apiError(503, 'service_unavailable'))).toBe(true);
    expect(shouldRetry(2, new NetworkError('offline'))).toBe(false);
  });

  it('never retries an answer about the session or the request', () => {
    expect(shouldRetry(0, apiError(401, 'invalid_token'))).toBe(false);
    expect(shouldRetry(0, apiError(403, 'account_disabled'))).toBe(false);
    expect(shouldRetry(0, apiError(404, 'not_found'))).toBe(false);
    expect(shouldRetry(0, new Error('contract drift'))).toBe(false);
  });
});
