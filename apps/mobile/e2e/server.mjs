// Serves a web export and, on the same origin, proxies /api → the Assetra API and /__clerk → the
// Clerk stand-in, so the browser needs no CORS from either.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
};

function proxy(req, res, target, prefix) {
  const url = new URL(req.url.slice(prefix.length) || '/', target);
  const upstream = http.request(
    url,
    { method: req.method, headers: { ...req.headers, host: url.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502).end();
  });
  req.pipe(upstream);
}

async function serveFile(req, res, root) {
  const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(root, path.normalize(pathname));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  const info = await stat(file).catch(() => null);
  // A single-page export: every route that is not a file is the app's index.html.
  if (!info?.isFile()) file = path.join(root, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

// Nothing listens on port 1 on loopback: connecting there is refused at once, as when the API is
// down behind a reverse proxy (which answers 502, like `proxy` above).
const NOTHING_LISTENS = 'http://127.0.0.1:1';

/** @param {{ port: number, root: string, apiUrl: string, clerkUrl: string }} options */
export function startE2eServer({ port, root, apiUrl, clerkUrl }) {
  let apiTarget = apiUrl;
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/api/')) return proxy(req, res, apiTarget, '/api');
    if (req.url.startsWith('/__clerk/')) return proxy(req, res, clerkUrl, '/__clerk');
    void serveFile(req, res, path.resolve(root));
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        /** Cuts the browser off from the API (or reconnects it); the stand-in stays reachable. */
        setApiReachable: (reachable) => {
          apiTarget = reachable ? apiUrl : NOTHING_LISTENS;
        },
        close: () => new Promise((r) => server.close(r)),
      }),
    );
  });
}
