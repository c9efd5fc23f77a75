import type { ErrorRequestHandler, Request, Response } from 'express';
import { ERROR_STATUS, ERROR_TITLE, PROBLEM_CONTENT_TYPE, type ErrorCode } from '@assetra/shared';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { HttpError, bearerChallenge, type FieldError } from '../errors.js';
import {
  AccountDeletedError,
  DatabaseUnavailableError,
  UnstorableTextError,
} from '../store/port.js';

/** The RFC 9457 body of a contract error: one shape, also for answers given outside Express. */
export function problemBody(
  code: ErrorCode,
  requestId: Request['id'],
  options: { detail?: string | undefined; errors?: FieldError[] | undefined } = {},
) {
  return {
    type: `https://assetra.app/problems/${code.replaceAll('_', '-')}`,
    title: ERROR_TITLE[code],
    status: ERROR_STATUS[code],
    detail: options.detail ?? ERROR_TITLE[code],
    code,
    requestId,
    ...(options.errors ? { errors: options.errors } : {}),
  };
}

export function sendProblem(
  req: Request,
  res: Response,
  code: ErrorCode,
  options: { detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
) {
  const body = problemBody(code, req.id, options);
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
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

type BodyParserError = { type?: unknown; status?: unknown; expose?: unknown };

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
      break;
  }
  // Other client errors body-parser raises (a body that does not decode as its
  // Content-Encoding, for one) are still the client's fault, never a 500.
  if (
    error.expose === true &&
    typeof error.status === 'number' &&
    error.status >= 400 &&
    error.status < 500
  ) {
    if (error.status === 413) return 'payload_too_large';
    if (error.status === 415) return 'unsupported_media_type';
    return 'malformed_json';
  }
  return undefined;
}

/**
 * What of an unexpected error may be logged: drizzle's "Failed query" message lists the query's
 * parameters (emails, tokens' hashes), so for those only the driver's own message is kept.
 */
function loggableError(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code =
    (error as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
  if (error.message.startsWith('Failed query'))
    return { type: error.name, code, message: cause?.message };
  return { type: error.name, code, message: error.message, stack: error.stack };
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
    // The one answer to a deleted account: at admission, or when a request raced the deletion.
    if (error instanceof AccountDeletedError) {
      sendProblem(req, res, 'account_deleted', { headers: bearerChallenge() });
      return;
    }
    if (error instanceof UnstorableTextError) {
      const errors = [{ path: '', message: 'Contains a character that cannot be stored' }];
      sendProblem(req, res, 'validation_failed', { errors });
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
    logger.error({ reqId: req.id, err: loggableError(error) }, 'unexpected error');
    sendProblem(req, res, 'internal_error');
  };
}
