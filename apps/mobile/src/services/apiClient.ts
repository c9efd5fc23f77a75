import axios, { type AxiosAdapter, type AxiosInstance, type Method } from 'axios';
import type { z } from 'zod';

import { assertApiBaseUrl } from '../config';
import {
  ApiError,
  ContractError,
  NetworkError,
  parseRetryAfter,
  problemFromBody,
} from './apiErrors';

// Module augmentation has to be an interface: it merges into axios' own declaration.
/* eslint-disable @typescript-eslint/consistent-type-definitions */
declare module 'axios' {
  interface AxiosRequestConfig {
    /** Set on the single retry that follows a 401, so a second 401 ends the session. */
    assetraRetried?: boolean;
    /** Ask Clerk for a newly minted token (e.g. right after reverification changed `fva`). */
    assetraFreshToken?: boolean;
  }
}
/* eslint-enable @typescript-eslint/consistent-type-definitions */

/** Reads the current Clerk session token; `skipCache` forces a freshly minted one. */
export type TokenSource = (options: { skipCache: boolean }) => Promise<string | null>;

export type ApiClientOptions = {
  baseURL: string;
  isProduction: boolean;
  getToken: TokenSource;
  /** Called once when a fresh token is still refused: sign out and go to the sign-in screen. */
  onSessionExpired: () => Promise<void> | void;
  timeoutMs?: number;
  /** Test seam: replaces the HTTP transport, nothing else. */
  adapter?: AxiosAdapter;
};

export type ApiRequest<T> = {
  method: Method;
  url: string;
  data?: unknown;
  /** The shared contract schema of the 2xx body; `null` for an empty (204) answer. */
  schema: z.ZodType<T> | null;
  freshToken?: boolean;
};

export type ApiClient = {
  request<T>(request: ApiRequest<T> & { schema: z.ZodType<T> }): Promise<T>;
  request(request: ApiRequest<never> & { schema: null }): Promise<void>;
  /** The underlying axios instance (interceptors installed); for diagnostics and tests. */
  http: AxiosInstance;
};

function translateError(error: unknown): Error {
  if (error instanceof ApiError || error instanceof NetworkError) return error;
  if (axios.isCancel(error)) return error instanceof Error ? error : new Error('Request cancelled');
  if (!axios.isAxiosError(error)) return error instanceof Error ? error : new Error(String(error));
  if (!error.response) {
    const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
    return new NetworkError(timedOut ? 'timeout' : 'offline');
  }
  const requestId: unknown = error.response.headers['x-request-id'];
  return new ApiError(
    error.response.status,
    problemFromBody(error.response.data),
    typeof requestId === 'string' ? requestId : null,
    parseRetryAfter(error.response.headers['retry-after']),
  );
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  assertApiBaseUrl(options.baseURL, options.isProduction);

  const http = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? 15_000,
    headers: { Accept: 'application/json, application/problem+json' },
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });

  http.interceptors.request.use(async (config) => {
    let token: string | null;
    try {
      token = await options.getToken({
        skipCache: config.assetraRetried === true || config.assetraFreshToken === true,
      });
    } catch {
      // Clerk could not mint a token: without a network that is "offline", not "signed out".
      throw new NetworkError('offline');
    }
    if (token) config.headers.set('Authorization', `Bearer ${token}`);
    else config.headers.delete('Authorization');
    return config;
  });

  let expiring: Promise<void> | null = null;
  const expireSession = () => {
    // Concurrent 401s end the session once.
    expiring ??= Promise.resolve(options.onSessionExpired()).finally(() => {
      expiring = null;
    });
    return expiring;
  };

  http.interceptors.response.use(undefined, async (error: unknown) => {
    if (axios.isAxiosError(error) && error.config && error.response?.status === 401) {
      if (!error.config.assetraRetried) {
        return http.request({ ...error.config, assetraRetried: true });
      }
      await expireSession();
    }
    throw translateError(error);
  });

  async function request<T>(req: ApiRequest<T>): Promise<T | undefined> {
    const response = await http.request<unknown>({
      method: req.method,
      url: req.url,
      data: req.data,
      assetraFreshToken: req.freshToken === true,
    });
    if (req.schema === null) return undefined;
    const parsed = req.schema.safeParse(response.data);
    if (!parsed.success) {
      throw new ContractError(
        req.url,
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      );
    }
    return parsed.data;
  }

  return { request, http };
}
