import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { scanDirectory, scanText } from '../../scripts/secretScan';

const exportDir = path.resolve(__dirname, '../../dist');
const hasExport = existsSync(path.join(exportDir, 'index.html'));

describe('secret scanner', () => {
  it.each([
    ['a Clerk secret key', 'const k="sk_live_' + 'a1B2c3D4e5F6g7H8i9J0k1L2"'],
    ['a Clerk test secret key', 'x="sk_test_' + '0123456789abcdefghij"'],
    ['a RevenueCat secret key', 'apiKey:"sk_' + 'AbCdEfGhIjKlMnOpQrStUvWxYz012345"'],
    ['a webhook signing secret', '"whsec_' + 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"'],
    ['a PEM private key', '-----BEGIN ' + 'PRIVATE KEY-----\\nMIIE'],
  ])('finds %s', (_name, text) => {
    expect(scanText('bundle.js', text)).not.toHaveLength(0);
  });

  it('ignores bare prefixes and publishable keys, which the SDKs legitimately contain', () => {
    const text =
      'k.startsWith("sk_live_")||k.startsWith("whsec_");pk="pk_live_Y2xlcmsuYXNzZXRyYS5hcHAk";rc="appl_AbCdEfGh"';

    expect(scanText('bundle.js', text)).toEqual([]);
  });

  it('finds the value of a secret environment variable set where the export was built', () => {
    const env = { CLERK_SECRET_KEY: 'not-prefixed-but-secret-123' };

    const findings = scanText('bundle.js', 'x="not-prefixed-but-secret-123"', env);

    expect(findings).toEqual([expect.objectContaining({ kind: 'value of $CLERK_SECRET_KEY' })]);
  });
});

// The export is built by `npm run test:export` (or `npm run build`); plain `npm test` scans it
// only when it exists, so the unit suite stays fast.
(hasExport ? describe : describe.skip)(
  `production web export (${hasExport ? 'dist/' : 'skipped: run npm run test:export'})`,
  () => {
    it('contains no secret keys, webhook secrets, private keys or secret env values', () => {
      expect(scanDirectory(exportDir)).toEqual([]);
    });

    it('does not contain the local demo client or the lock double (only `npm run build:e2e` swaps them in)', () => {
      const bundles = readdirSync(path.join(exportDir, '_expo/static/js/web'));

      for (const bundle of bundles) {
        const js = readFileSync(path.join(exportDir, '_expo/static/js/web', bundle), 'utf8');
        // Its marker, its badge, and the stand-in's token route. (Not `/__clerk`: Clerk's own
        // SDK holds that string, its default proxy path.)
        expect(js).not.toContain('assetra-e2e-clerk-double');
        expect(js).not.toContain('Local demo');
        expect(js).not.toContain('__dev/tokens');
        // The app lock's device-owner auth answered by the browser test.
        expect(js).not.toContain('assetra-e2e-lock-double');
      }
      expect(bundles.length).toBeGreaterThan(0);
    });
  },
);
