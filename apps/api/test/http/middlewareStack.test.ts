import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import { helmetFor, security } from '../../src/middleware/security.js';
import { buildOpenApiDocument } from '../../src/openapi/document.js';
import { useApi } from '../support/useApi.js';

/** The headers one GET answers with, without the ones Node adds to every response. */
async function headersOf(middleware: RequestHandler | RequestHandler[]) {
  const app = express();
  app.disable('x-powered-by');
  app.use(middleware);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.arrayBuffer();
    const node = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type']);
    return Object.fromEntries([...response.headers].filter(([name]) => !node.has(name)));
  } finally {
    server.close();
  }
}

describe('security headers, computed once', () => {
  for (const requireHttps of [false, true]) {
    it(`are exactly helmet's own (REQUIRE_HTTPS ${String(requireHttps)})`, async () => {
      const helmets = await headersOf(helmetFor(requireHttps));
      const ours = await headersOf(security({ requireHttps, corsOrigins: [] }));

      expect(Object.keys(helmets).length).toBeGreaterThan(8);
      expect(ours).toEqual(helmets);
    });
  }
});

describe('routing behind prefix gates', () => {
  const { api } = useApi();

  const routes = Object.entries(buildOpenApiDocument().paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, 'ExponentPushToken[abc]'),
    })),
  );

  it('reaches every documented route, in any letter case, and 404s only the rest', async () => {
    expect(routes.length).toBeGreaterThan(12);
    const misrouted: string[] = [];
    for (const { method, path } of routes) {
      for (const variant of [path, path.toUpperCase()]) {
        const response = await api.request(variant, { method, redirect: 'manual' });
        await response.arrayBuffer();
        if (response.status === 404) misrouted.push(`${method} ${variant}`);
      }
    }
    expect(misrouted).toEqual([]);

    for (const path of ['/user/me', '/users-me', '/authx/bootstrap', '/webhooksx/clerk', '/pros']) {
      const response = await api.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'not_found' });
    }
  });
});
