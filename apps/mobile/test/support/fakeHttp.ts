import {
  AxiosError,
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';

export type FakeReply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { network: 'offline' | 'timeout' };

export type RecordedRequest = {
  method: string;
  url: string;
  authorization: string | undefined;
  data: unknown;
};

/**
 * An axios adapter standing in for the network: it answers from a queue and records what the
 * client sent, so tests exercise the real client (interceptors, retries, parsing) end to end.
 */
export type FakeRoutes = (request: RecordedRequest) => FakeReply | undefined;

export function fakeHttp(replies: FakeReply[] | FakeRoutes) {
  const requests: RecordedRequest[] = [];
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const headers = AxiosHeaders.from(config.headers);
    const auth = headers.get('Authorization');
    requests.push({
      method: (config.method ?? 'get').toUpperCase(),
      url: config.url ?? '',
      authorization: typeof auth === 'string' ? auth : undefined,
      data: typeof config.data === 'string' ? JSON.parse(config.data) : config.data,
    });
    const recorded = requests[requests.length - 1];
    const reply = typeof replies === 'function' ? recorded && replies(recorded) : replies.shift();
    if (!reply) throw new Error(`fakeHttp: no reply queued for ${config.url ?? ''}`);
    if ('network' in reply) {
      throw reply.network === 'timeout'
        ? new AxiosError('timeout of 15000ms exceeded', 'ECONNABORTED', config)
        : new AxiosError('Network Error', 'ERR_NETWORK', config, {});
    }
    const response: AxiosResponse = {
      status: reply.status,
      statusText: String(reply.status),
      headers: new AxiosHeaders({
        'content-type': reply.status >= 400 ? 'application/problem+json' : 'application/json',
        ...reply.headers,
      }),
      config,
      data: reply.body ?? '',
    };
    if (reply.status >= 200 && reply.status < 300) return response;
    throw new AxiosError(
      `Request failed with status code ${reply.status}`,
      reply.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
      config,
      {},
      response,
    );
  };
  return { adapter, requests };
}

export function problem(status: number, code: string, title: string, extra: object = {}) {
  return {
    type: `https://assetra.app/problems/${code}`,
    title,
    status,
    detail: `${title}.`,
    code,
    requestId: 'req-123',
    ...extra,
  };
}
