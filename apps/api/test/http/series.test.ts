import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { series } from '../../src/middleware/bySegment.js';

/** `series` must behave as `app.use(...handlers)` would: order, skips, and errors. */
const req = Object.create(null) as unknown as Request;
const res = Object.create(null) as unknown as Response;

function run(handlers: RequestHandler[]): Promise<unknown> {
  return new Promise((resolve) => {
    const next: NextFunction = (error?: unknown) => {
      resolve(error ?? 'next');
    };
    void series(handlers)(req, res, next);
  });
}

describe('series', () => {
  it('runs the handlers in order, then moves on past them', async () => {
    const seen: string[] = [];
    const step =
      (name: string): RequestHandler =>
      (_req, _res, next) => {
        seen.push(name);
        next();
      };

    expect(await run([step('a'), step('b'), step('c')])).toBe('next');
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it("treats next('router') as 'not mine' and goes on with the next handler", async () => {
    const seen: string[] = [];
    const handlers: RequestHandler[] = [
      (_req, _res, next) => {
        next('router');
      },
      (_req, _res, next) => {
        seen.push('second');
        next();
      },
    ];

    expect(await run(handlers)).toBe('next');
    expect(seen).toEqual(['second']);
  });

  it('passes a thrown error, a rejected promise and next(error) on, skipping the rest', async () => {
    const never: RequestHandler = () => {
      throw new Error('must not run');
    };
    const thrown: RequestHandler = () => {
      throw new Error('thrown');
    };
    const rejected: RequestHandler = () => Promise.reject(new Error('rejected'));
    const passed: RequestHandler = (_req, _res, next) => {
      next(new Error('passed'));
    };

    expect(await run([thrown, never])).toMatchObject({ message: 'thrown' });
    expect(await run([rejected, never])).toMatchObject({ message: 'rejected' });
    expect(await run([passed, never])).toMatchObject({ message: 'passed' });
  });
});
