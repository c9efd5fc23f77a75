import { verifyToken } from '@clerk/backend';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startClerkEmulator } from '../src/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'clerk-data-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a data directory', () => {
  it('keeps the signing key, secret key and users across restarts', async () => {
    const first = await startClerkEmulator({ dataDir });
    const user = first.instance.createUser({ emailAddress: ['kept@example.com'] });
    const { token } = await first.mintToken({ userId: user.id });
    const firstPem = first.publicKeyPem;
    const firstSecret = first.secretKey;
    await first.close();

    const second = await startClerkEmulator({ dataDir });
    const payload = await verifyToken(token, { jwtKey: second.publicKeyPem });
    await second.close();

    expect(second.publicKeyPem).toBe(firstPem);
    expect(second.secretKey).toBe(firstSecret);
    expect(second.instance.getUser(user.id).email_addresses[0]?.email_address).toBe(
      'kept@example.com',
    );
    expect(payload.sub).toBe(user.id);
  });

  it('keeps the private key readable by its owner only', () => {
    const mode = statSync(join(dataDir, 'signing-key.json')).mode & 0o777;

    expect(mode).toBe(0o600);
  });
});
