import { verifyToken } from '@clerk/backend';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, startClerkEmulator } from '../src/index.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = mkdtempSync(join(tmpdir(), 'clerk-cli-'));
const UNUSED_PORT = '1'; // nothing listens there, so the CLI mints offline

/** `npm run token -- …` exactly as the README gives it. */
const npmRunToken = (args: string[]) =>
  run('npm', ['run', '--silent', 'token', '--', ...args], { cwd: repoRoot });

/**
 * The same CLI without the two npm processes and tsx's own wrapper process around it (about a
 * second of CPU each time): what `npm run token` runs, in one Node process.
 */
const token = (args: string[]) =>
  run(
    process.execPath,
    ['--import', 'tsx', '--conditions=@assetra/source', 'src/cli.ts', 'token', ...args],
    { cwd: resolve(import.meta.dirname, '..') },
  );

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run token', () => {
  it('prints a token for an email that verifyToken accepts with the kept key (offline)', async () => {
    const { stdout } = await npmRunToken([
      'cli@example.com',
      '--data-dir',
      dataDir,
      '--port',
      UNUSED_PORT,
    ]);
    const key = await loadOrCreateSigningKey(dataDir);

    const payload = await verifyToken(stdout.trim(), { jwtKey: key.publicKeyPem });

    expect(payload.sub).toMatch(/^user_/);
    expect(payload.sid).toMatch(/^sess_/);
  });

  it('gives the same user for the same email on a later run', async () => {
    const mint = async () => {
      const { stdout } = await token([
        'again@example.com',
        '--data-dir',
        dataDir,
        '--port',
        UNUSED_PORT,
      ]);
      const key = await loadOrCreateSigningKey(dataDir);
      return verifyToken(stdout.trim(), { jwtKey: key.publicKeyPem });
    };

    const first = await mint();
    const second = await mint();

    expect(second.sub).toBe(first.sub);
    expect(second.sid).not.toBe(first.sid);
  });

  it('asks a running emulator, whose JWKS then verifies the token', async () => {
    const emulator = await startClerkEmulator();
    const user = emulator.instance.createUser({ emailAddress: ['live@example.com'] });

    const { stdout } = await token([user.id, '--url', emulator.url, '--fva', '30,-1']);
    const payload = await verifyToken(stdout.trim(), {
      apiUrl: emulator.url,
      secretKey: emulator.secretKey,
    });
    await emulator.close();

    expect(payload).toMatchObject({ sub: user.id, iss: emulator.issuer, fva: [30, -1] });
  });

  it('describes the device of the new session to a running emulator', async () => {
    const emulator = await startClerkEmulator();
    const user = emulator.instance.createUser({ emailAddress: ['device@example.com'] });

    const { stdout } = await token([
      user.id,
      '--url',
      emulator.url,
      '--device',
      'iPhone',
      '--city',
      'Lisbon',
      '--mobile',
    ]);
    const sid = decodeJwt(stdout.trim()).sid as string;
    const session = emulator.instance.getSession(sid);
    await emulator.close();

    expect(session.latest_activity).toMatchObject({
      device_type: 'iPhone',
      city: 'Lisbon',
      is_mobile: true,
    });
  });

  it('describes the device of the new session offline too, kept in the data dir', async () => {
    const { stdout } = await token([
      'offline-device@example.com',
      '--data-dir',
      dataDir,
      '--port',
      UNUSED_PORT,
      '--browser',
      'Firefox',
      '--country',
      'PT',
    ]);
    const sid = decodeJwt(stdout.trim()).sid as string;
    const state = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as {
      sessions: { id: string; latestActivity: unknown }[];
    };

    expect(state.sessions.find((session) => session.id === sid)?.latestActivity).toMatchObject({
      browser_name: 'Firefox',
      country: 'PT',
      is_mobile: false,
    });
  });

  it('fails with a message for an unknown user id', async () => {
    const attempt = token(['user_unknown', '--data-dir', dataDir, '--port', UNUSED_PORT]);

    await expect(attempt).rejects.toMatchObject({ code: 1 });
  });
});
