import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { BUNDLE_DIR } from './bundle.js';

const EXEC_ARGV = ['--expose-gc'];

/** A child process spoken to by IPC messages, one request and one answer at a time. */
export type Child<In, Out extends { type: string }> = {
  name: string;
  ask(message: In | undefined, expect: Out['type'], timeoutMs?: number): Promise<Out>;
  stop(stopMessage: In): Promise<void>;
};

export function spawnChild<In, Out extends { type: string }>(
  name: string,
  file: string,
  args: string[],
  env: Record<string, string>,
): Child<In, Out> {
  const child: ChildProcess = fork(join(BUNDLE_DIR, file), args, {
    execArgv: EXEC_ARGV,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const inbox: Out[] = [];
  const waiters: ((message: Out) => void)[] = [];
  child.on('message', (message: Out) => {
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });

  return {
    name,
    async ask(message, expect, timeoutMs = 180_000) {
      if (message !== undefined) child.send(message as object);
      const answer = await Promise.race([
        new Promise<Out>((resolve) => {
          const queued = inbox.shift();
          if (queued) resolve(queued);
          else waiters.push(resolve);
        }),
        exit.then(() => {
          throw new Error(`${name} exited: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
        }),
        new Promise<never>((_, reject) =>
          setTimeout(() => {
            reject(new Error(`${name}: no ${expect} within ${timeoutMs} ms`));
          }, timeoutMs).unref(),
        ),
      ]);
      if (answer.type !== expect) {
        const detail = 'message' in answer ? String(answer.message) : answer.type;
        throw new Error(`${name}: expected ${expect}, got ${detail}`);
      }
      return answer;
    },
    async stop(stopMessage) {
      if (exited) return;
      if (child.connected) child.send(stopMessage as object);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}
