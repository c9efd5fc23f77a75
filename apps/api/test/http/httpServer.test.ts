import { once } from 'node:events';
import {
  Agent,
  createServer,
  get,
  IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, fastPath } from '../../src/httpServer.js';
import { startApi } from '../support/api.js';

const servers: Server[] = [];

async function serve(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** An app that uses what our routes use: req.ip/get/query/path, bodies, errors, a sub-app. */
function sampleApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '1kb' }));
  app.get('/echo', (req, res) => {
    res.set('X-Seen', req.get('x-probe') ?? 'none');
    res.json({ ip: req.ip, path: req.path, query: req.query, secure: req.secure });
  });
  app.post('/echo', (req, res) => {
    res.status(201).json({ body: req.body as unknown });
  });
  app.get('/stream', (_req, res) => {
    res.type('text/plain');
    res.write('one,');
    res.end('two');
  });
  app.get('/fail', () => {
    throw new Error('boom');
  });
  // A sub-app: Express swaps in its prototypes for the request and restores them afterwards.
  const admin = express();
  (admin.request as unknown as { who(): string }).who = () => 'admin';
  admin.get('/who', (req, res) => {
    res.json({ who: (req as unknown as { who(): string }).who() });
  });
  app.use('/admin', admin);
  app.use(
    (error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const status = (error as { status?: number }).status ?? 500;
      res.status(status).json({ error: String(error) });
    },
  );
  return app;
}

type Answer = { status: number; headers: Record<string, string>; body: string };

async function ask(base: string, path: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(`${base}${path}`, init);
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers, body: await response.text() };
}

const json = (body: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
});

describe('createHttpServer', () => {
  it("constructs every request and response with the app's own prototypes", async () => {
    const app = sampleApp();
    const seen: [object | null, object | null][] = [];
    const record = (req: IncomingMessage, res: ServerResponse) => {
      seen.push([Object.getPrototypeOf(req) as object, Object.getPrototypeOf(res) as object]);
    };
    const born = createHttpServer(app).prependListener('request', record);
    const stock = createServer(app).prependListener('request', record);

    await ask(await serve(born), '/echo');
    await ask(await serve(stock), '/echo');

    // Before Express touches them: ours already are app.request/app.response, Node's are not.
    expect(seen[0]).toEqual([app.request, app.response]);
    expect(seen[1]?.[0]).not.toBe(app.request);
    expect(seen[1]?.[1]).not.toBe(app.response);
  });

  it('answers exactly as a server made by app.listen does', async () => {
    const app = sampleApp();
    const ours = await serve(createHttpServer(app));
    const node = await serve(createServer(app));
    const requests: [string, RequestInit?][] = [
      ['/echo?x=1&y=two', { headers: { 'x-probe': 'p' } }],
      ['/echo', { method: 'HEAD' }],
      ['/echo', json('{"amount":12}')],
      ['/echo', json('{"amount":')],
      ['/echo', json(`{"pad":"${'x'.repeat(2048)}"}`)],
      ['/stream'],
      ['/fail'],
      ['/admin/who'],
      ['/nowhere'],
    ];
    for (const [path, init] of requests) {
      const mine = await ask(ours, path, init);
      expect(mine).toEqual(await ask(node, path, init));
      expect(mine.status).toBeGreaterThanOrEqual(200);
    }
    // The answers themselves, so a pair of equally broken servers cannot pass.
    expect(JSON.parse((await ask(ours, '/echo?x=1')).body)).toEqual({
      ip: '127.0.0.1',
      path: '/echo',
      query: { x: '1' },
      secure: false,
    });
    expect((await ask(ours, '/echo', json('{"amount":12}'))).status).toBe(201);
    expect((await ask(ours, '/echo', json('{"amount":'))).status).toBe(400);
    expect((await ask(ours, '/echo', json(`{"p":"${'x'.repeat(2048)}"}`))).status).toBe(413);
    expect((await ask(ours, '/stream')).body).toBe('one,two');
    expect(JSON.parse((await ask(ours, '/admin/who')).body)).toEqual({ who: 'admin' });
    expect((await ask(ours, '/nowhere')).status).toBe(404);
  });

  it('serves request after request on one kept-alive connection', async () => {
    const server = createHttpServer(sampleApp());
    let connections = 0;
    server.on('connection', () => {
      connections += 1;
    });
    const base = await serve(server);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const echo = (i: number) =>
      new Promise<string>((resolve, reject) => {
        get(`${base}/echo?i=${i}`, { agent }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            resolve((JSON.parse(body) as { query: { i: string } }).query.i);
          });
        }).on('error', reject);
      });
    try {
      const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => echo(i)));
      expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
      expect(connections).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});

describe('the API at start-up', () => {
  it('logs whether its requests are born with Express prototypes (the fast path)', async () => {
    const api = await startApi();
    try {
      await (await api.request('/healthz')).arrayBuffer();
      const lines = api.logs
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { msg?: string; fastPath?: unknown });

      const announced = lines.filter((line) => line.msg === 'http server');
      // On this Node the constructors are plain functions, so the fast path is on (the tests
      // above prove what it does); a Node that made them classes would log false.
      expect(fastPath).toBe(true);
      expect(announced).toEqual([expect.objectContaining({ fastPath })]);
    } finally {
      await api.close();
    }
  });
});
