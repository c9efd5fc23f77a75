import { base64url, codeChallengeFor, createCodeVerifier } from './pkce';

jest.mock('expo-crypto', () =>
  jest
    .requireActual<typeof import('../../../../test/support/nativeEdges')>(
      '../../../../test/support/nativeEdges',
    )
    .nodeExpoCryptoModule(),
);

// RFC 7636 Appendix B: the octets, their base64url verifier, and its S256 challenge.
const OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105,
  214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('pkce', () => {
  it('encodes the RFC 7636 example octets to its verifier', () => {
    expect(base64url(Uint8Array.from(OCTETS))).toBe(VERIFIER);
  });

  it('derives the RFC 7636 example S256 challenge, unpadded', async () => {
    await expect(codeChallengeFor(VERIFIER)).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates a fresh 43-character verifier each time', async () => {
    const [a, b] = await Promise.all([createCodeVerifier(), createCodeVerifier()]);

    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).not.toBe(a);
  });
});
