import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOG_FLUSH_INTERVAL_MS, bufferedDestination, createLogger } from '../../src/logger.js';

const LOGGER = fileURLToPath(new URL('../../src/logger.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'assetra-log-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (file: string) => readFile(file, 'utf8').catch(() => '');

describe('buffered log lines', () => {
  it('batches lines, yet writes a quiet line within the flush interval', async () => {
    const file = path.join(dir, 'quiet.log');
    const logger = createLogger('info', bufferedDestination(file));

    logger.info({ n: 1 }, 'first of a quiet minute');

    expect(await read(file)).toBe('');
    await expect
      .poll(() => read(file), { timeout: LOG_FLUSH_INTERVAL_MS * 5, interval: 50 })
      .toContain('first of a quiet minute');
  });

  it('adds no timer and no exit listener per logger, however many a process creates', () => {
    createLogger('info'); // the process's first may install them, once
    const exitListeners = process.listenerCount('exit');
    const timers = vi.spyOn(globalThis, 'setInterval');

    for (let i = 0; i < 20; i += 1) createLogger('info');

    expect(process.listenerCount('exit')).toBe(exitListeners);
    expect(timers).not.toHaveBeenCalled();
    timers.mockRestore();
  });

  it('writes everything when the process exits at once', async () => {
    const script = [
      `const { createLogger } = await import(${JSON.stringify(LOGGER)});`,
      `const logger = createLogger('info');`,
      `for (let i = 0; i < 100; i += 1) logger.info({ i }, 'line');`,
      `logger.error('last words');`,
      `process.exit(3);`,
    ].join('\n');
    const child = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { PATH: process.env.PATH ?? '' } },
    );

    const failure = await child.then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string },
    );

    expect(failure?.code).toBe(3);
    const lines = (failure?.stdout ?? '').trim().split('\n');
    expect(lines).toHaveLength(101);
    expect(lines.at(-1)).toContain('last words');
  });

  it('writes the lines before an uncaught exception ends the process', async () => {
    const script = [
      `const { createLogger } = await import(${JSON.stringify(LOGGER)});`,
      `const logger = createLogger('info');`,
      `logger.info('about to fail');`,
      `setTimeout(() => { throw new Error('boom'); }, 10);`,
    ].join('\n');
    const failure = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { PATH: process.env.PATH ?? '' } },
    ).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('boom');
    expect(failure?.stdout).toContain('about to fail');
  });
});
