import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parse } from './logs.js';

export type ApiProcess = {
  url: string;
  /** Every stdout line so far (pino JSON at LOG_LEVEL info), as an in-process API's `logs`. */
  logs: string[];
  /** Every stderr line so far: where a crash's stack trace goes. */
  stderr: string[];
  /** The exit code or signal once the process has exited, else null. */
  exit(): number | string | null;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
};

const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url));
const EXIT_WITH_PARENT = fileURLToPath(new URL('./exitWithParent.ts', import.meta.url));
const running = new Set<ChildProcess>();

// Last resort if a test file ends without its afterAll: exit handlers may only act synchronously.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      resolve(false);
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (!hasExited(child)) {
    child.kill('SIGTERM');
    if (!(await exited(child, 5_000))) {
      child.kill('SIGKILL');
      await exited(child, 5_000);
    }
  }
  running.delete(child);
}

/**
 * The API as its own process (`src/server.ts` run as the entry, through tsx), configured only
 * by `env`; resolves with its URL once it logs "listening". The process gets no environment of
 * the test runner beyond PATH and HOME.
 */
export async function spawnApi(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ApiProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', EXIT_WITH_PARENT, '--conditions=@assetra/source', SERVER],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  const logs: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`API process did not listen within ${timeoutMs} ms: ${stderr.join('\n')}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`API process exited (${String(code)}) before listening: ${stderr.join('\n')}`),
      );
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      logs.push(line);
      const entry = parse(line);
      if (entry?.msg === 'listening' && typeof entry.url === 'string') {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
  }).catch(async (error: unknown) => {
    await stop(child);
    throw error;
  });
  return {
    url,
    logs,
    stderr,
    exit: () => child.exitCode ?? child.signalCode,
    stop: () => stop(child),
  };
}
