import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const dataDir = mkdtempSync(join(tmpdir(), 'assetra-dev-'));
let child: ReturnType<typeof spawn> | undefined;
let output = '';

afterAll(() => {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // ESRCH: the whole process group has exited already (the test reports why).
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs a printed shell command as a person pasting it would. */
function sh(command: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const shell = spawn('sh', ['-c', command]);
    let out = '';
    shell.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    shell.on('error', reject);
    shell.on('close', () => {
      resolvePromise(out);
    });
  });
}

describe('npm run dev', () => {
  it('starts the stack with no configuration and prints a curl that returns the user', async () => {
    child = spawn('npm', ['run', 'dev'], {
      cwd: repoRoot,
      detached: true,
      env: {
        ...process.env,
        PORT: '0',
        CLERK_EMULATOR_PORT: '0',
        ASSETRA_DEV_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<string>((resolveExit) => {
      child?.once('exit', (code, signal) => {
        resolveExit(`npm run dev exited (${String(code ?? signal)}):\n${output}\n${errors}`);
      });
    });

    // The curl line, or the reason there is none: a stack that exits says why at once.
    await expect
      .poll(
        async () =>
          /^curl .*$/m.test(output) ||
          (await Promise.race([
            exited,
            new Promise<false>((wait) => setTimeout(wait, 250, false)),
          ])),
        { timeout: 60_000, interval: 0 },
      )
      .toBe(true);
    const curl = /^curl .*$/m.exec(output)?.[0] ?? '';
    const token = /Bearer ([\w.-]+)/.exec(curl)?.[1] ?? '';
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
    };
    const body = JSON.parse(await sh(curl)) as { user: { clerkUserId: string }; created: boolean };

    expect(body.user.clerkUserId).toBe(sub);
    // Usually false: the stand-in's user.created webhook may have provisioned the user first.
    expect(typeof body.created).toBe('boolean');
    const me = curl.replace('-X POST ', '').replace('/auth/bootstrap', '/users/me');
    await expect
      .poll(
        async () => (JSON.parse(await sh(me)) as { user: { email: string | null } }).user.email,
        {
          timeout: 30_000,
          interval: 1000,
        },
      )
      .toBe('dev@assetra.local');
  }, 90_000);

  it('prints the sign-in link of an email-link request (the SMTP sink)', async () => {
    const api = /^ {2}API +(http:\/\/\S+)/m.exec(output)?.[1];
    expect(api).toBeDefined();
    const challenge = 'A'.repeat(43);

    const response = await fetch(`${api ?? ''}/auth/email-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dev-link@assetra.local', codeChallenge: challenge }),
    });

    expect(response.status).toBe(202);
    await expect
      .poll(() => output, { timeout: 10_000 })
      .toMatch(
        /Sign-in email to dev-link@assetra\.local:\n {2}assetra:\/\/auth\/email-link\?token=[\w-]{43}\n/,
      );
  }, 30_000);
});
