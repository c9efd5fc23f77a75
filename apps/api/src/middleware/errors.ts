import type { ErrorRequestHandler, Request, Response } from 'express';
import { ERROR_STATUS, ERROR_TITLE, PROBLEM_CONTENT_TYPE, type ErrorCode } from '@assetra/shared';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { HttpError, type FieldError } from '../errors.js';
import { DatabaseUnavailableError } from '../store/port.js';

export function sendProblem(
  req: Request,
  res: Response,
  code: ErrorCode,
  options: { detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
) {
  const status = ERROR_STATUS[code];
  const body = {
    type: `https://assetra.app/problems/${code.replaceAll('_', '-')}`,
    title: ERROR_TITLE[code],
    status,
    detail: options.detail ?? ERROR_TITLE[code],
    code,
    requestId: req.id,
    ...(options.errors ? { errors: options.errors } : {}),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** zod's issue path as an RFC 6901 JSON Pointer (`/displayName`). */
export function toFieldErrors(error: ZodError): FieldError[] {
  return error.issues
    .map((issue) => {
      const keys =
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => [...issue.path, key])
          : [issue.path];
      return keys.map((path) => ({
        path: path
          .map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`)
          .join(''),
        message: issue.code === 'unrecognized_keys' ? 'is not an accepted field' : issue.message,
      }));
    })
    .flat();
}

type BodyParserError = { type?: unknown; status?: unknown };

/** body-parser's error types, by what the contract calls them. */
function bodyParserCode(error: BodyParserError): ErrorCode | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return 'malformed_json';
    case 'entity.too.large':
      return 'payload_too_large';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'unsupported_media_type';
    case 'request.aborted':
    case 'request.size.invalid':
    case 'entity.verify.failed':
      return 'malformed_json';
    default:
      return undefined;
  }
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof HttpError) {
      sendProblem(req, res, error.code, {
        detail: error.detail,
        errors: error.extra.errors,
        headers: error.extra.headers,
      });
      return;
    }
    if (error instanceof ZodError) {
      sendProblem(req, res, 'validation_failed', { errors: toFieldErrors(error) });
      return;
    }
    if (error instanceof DatabaseUnavailableError) {
      logger.warn({ reqId: req.id, err: { message: error.message } }, 'database unavailable');
      sendProblem(req, res, 'database_unavailable', { headers: { 'Retry-After': '5' } });
      return;
    }
    const bodyCode =
      typeof error === 'object' && error !== null ? bodyParserCode(error) : undefined;
    if (bodyCode) {
      sendProblem(req, res, bodyCode);
      return;
    }
    logger.error({ reqId: req.id, err: error }, 'unexpected error');
    sendProblem(req, res, 'internal_error');
  };
}
