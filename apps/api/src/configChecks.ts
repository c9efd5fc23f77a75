import { BlockList, isIP } from 'node:net';
import proxyaddr from 'proxy-addr';

/** `TRUST_PROXY` as Express's `trust proxy` takes it: false, a hop count, or addresses/subnets. */
export type TrustProxy = boolean | number | string[];

/**
 * Whether Express would accept this list: compiled by proxy-addr, the library Express itself
 * hands it to (`app.set('trust proxy', …)`), so both read the same addresses, subnets and
 * names (`loopback`, `linklocal`, `uniquelocal`) the same way.
 */
export function compilesAsTrustProxy(list: string[]): boolean {
  try {
    proxyaddr.compile(list);
    return true;
  } catch {
    return false;
  }
}

/**
 * Spread over each family's whole space (its first and last address, the documentation
 * ranges between): no real proxy sits at all of them, so a setting that trusts all of one
 * family's probes trusts every address of it, however it is written (`0.0.0.0/0`, `::/0`,
 * `::ffff:0:0/96`, `0.0.0.0/1,128.0.0.0/1`…).
 */
const EVERY_ADDRESS_PROBES = [
  ['0.0.0.0', '192.0.2.1', '198.51.100.1', '203.0.113.1', '255.255.255.255'],
  ['::', '2001:db8::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
];

/** True when any client could spoof `X-Forwarded-For`: every address is a trusted proxy. */
export function trustsEveryAddress(value: TrustProxy): boolean {
  if (value === true) return true;
  if (!Array.isArray(value)) return false;
  const trust = proxyaddr.compile(value);
  return EVERY_ADDRESS_PROBES.some((probes) => probes.every((address) => trust(address, 0)));
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** A local relay: mail to it never crosses a network, so it may go without TLS. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * nodemailer reads these from the URL's query and lets them override the transport's own
 * options: each could send the credentials and the links in plaintext or to an unverified
 * server (`service` replaces the host the TLS rule was decided on). Only the safe value passes.
 */
const TLS_OVERRIDES: Record<string, string | undefined> = {
  requireTLS: 'true',
  ignoreTLS: 'false',
  'tls.rejectUnauthorized': 'true',
  service: undefined,
};

/**
 * How mail to `SMTP_URL` must travel. In production, to anything but a loopback relay, it
 * goes over TLS only: `smtps://`, or `smtp://` with STARTTLS required (nodemailer's
 * `requireTLS`: a server that does not offer STARTTLS gets neither credentials nor message).
 * `problem` says why a URL cannot be made to honour that.
 */
export function smtpTransportRule(
  smtpUrl: string,
  production: boolean,
): { requireTls: boolean; problem?: string } {
  const url = new URL(smtpUrl);
  if (!production || isLoopbackHost(url.hostname)) return { requireTls: false };
  const weakening = Object.keys(TLS_OVERRIDES).filter((key) => {
    const values = url.searchParams.getAll(key);
    return values.length > 1 || (values.length === 1 && values[0] !== TLS_OVERRIDES[key]);
  });
  if (weakening.length === 0) return { requireTls: true };
  return {
    requireTls: true,
    problem: `SMTP_URL: in production mail goes over verified TLS only (except to a loopback relay); remove ${weakening.join(', ')}`,
  };
}
