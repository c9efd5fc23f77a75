import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE } from '@assetra/shared';
import { problemBody } from './middleware/errors.js';

export type FixedHeaders = readonly (readonly [string, string])[];

/** Node's own status for the client errors the contract gives no code (lib/_http_server.js). */
const NODE_STATUS: Record<string, number> = {
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const bare = (status: number) =>
  `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n\r\n`;

/** The header block was never parsed, so no incoming X-Request-Id can be echoed: one is made. */
function headersTooLarge(fixedHeaders: FixedHeaders): string {
  const requestId = randomUUID();
  const body = JSON.stringify(problemBody('headers_too_large', requestId));
  const head = [
    `HTTP/1.1 431 ${STATUS_CODES[431] ?? ''}`,
    ...fixedHeaders.map(([name, value]) => `${name}: ${value}`),
    `X-Request-Id: ${requestId}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * The server's `clientError` listener: a header block over Node's limit (16 KB) is answered
 * 431 `headers_too_large` as problem+json with an `X-Request-Id` and the headers every answer
 * carries, where Node's default sends a bare status line. A listener replaces Node's default
 * for every client error, so the others get Node's own bare answers, under Node's own rule:
 * nothing is written once a response on that connection has begun (it would corrupt it), and
 * the connection is then destroyed.
 */
export function answerClientErrors(fixedHeaders: FixedHeaders) {
  return (error: Error & { code?: string }, socket: Duplex) => {
    // Node reads the same private field: the response of an earlier request still being sent.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && inFlight?.headersSent !== true) {
      socket.write(
        error.code === 'HPE_HEADER_OVERFLOW'
          ? headersTooLarge(fixedHeaders)
          : bare(NODE_STATUS[error.code ?? ''] ?? 400),
      );
    }
    socket.destroy();
  };
}
