import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ERROR_STATUS, ErrorCodeSchema, PROBLEM_CONTENT_TYPE } from '@assetra/shared';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildOpenApiDocument } from '../../src/openapi/document.js';
import { openApiRouter } from '../../src/openapi/router.js';
import type {
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from 'openapi3-ts/oas31';

/** The contract's Routes table (shared/api-contract.md), copied so drift fails here. */
const CONTRACT_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /openapi.json',
  'GET /docs',
  'POST /auth/bootstrap',
  'GET /users/me',
  'PATCH /users/me',
  'DELETE /users/me',
  'GET /portfolio',
  'PATCH /portfolio',
  'POST /users/me/push-tokens',
  'DELETE /users/me/push-tokens/{token}',
  'GET /users/me/sessions',
  'DELETE /users/me/sessions/{sessionId}',
  'POST /users/me/sessions/revoke-others',
  'GET /users/me/security-events',
  'GET /subscription',
  'GET /pro/insights',
  'POST /auth/email-link',
  'POST /auth/email-link/redeem',
  'POST /webhooks/clerk',
  'POST /webhooks/revenuecat',
];

const USER_FIELDS = [
  'id',
  'clerkUserId',
  'email',
  'displayName',
  'subscriptionStatus',
  'entitlements',
  'isActive',
  'createdAt',
  'updatedAt',
];

const doc = buildOpenApiDocument();

// Each path item of this document holds operations only, keyed by method.
const operations = (): [string, OperationObject][] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, OperationObject] => [
      `${method.toUpperCase()} ${path}`,
      op as OperationObject,
    ]),
  );

/** The operation's responses; the document never uses the Reference form for one. */
const responsesOf = (op: OperationObject | undefined) =>
  Object.entries(op?.responses ?? {}) as [string, ResponseObject][];

/** A schema position read as a Schema Object (whose optional `$ref` covers the Reference form). */
const schemaAt = (node: SchemaObject | ReferenceObject | undefined) =>
  node as SchemaObject | undefined;

/** Resolves a local `$ref` (RFC 6901 pointer) against the document. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

const problemRef = '#/components/schemas/Problem';

/** The codes an error response allows, or undefined when it does not build on Problem. */
function problemCodes(schema: SchemaObject | undefined): string[] | undefined {
  if (schema?.$ref === problemRef) return ErrorCodeSchema.options;
  const [base, narrowing] = schema?.allOf ?? [];
  if (base?.$ref !== problemRef) return undefined;
  return schemaAt(schemaAt(narrowing)?.properties?.code)?.enum as string[] | undefined;
}

describe('the OpenAPI document', () => {
  it('declares OpenAPI 3.1 with unique operation ids', () => {
    const ids = operations().map(([, op]) => op.operationId);

    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the given server URL, and none by default', () => {
    const withServer = buildOpenApiDocument({ serverUrl: 'https://api.assetra.test' });

    expect(withServer.servers).toEqual([{ url: 'https://api.assetra.test' }]);
    expect(doc).not.toHaveProperty('servers');
  });

  it('resolves every $ref inside the document', () => {
    const refs = collectRefs(doc);

    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((ref) => resolve(ref) === undefined)).toEqual([]);
  });

  it('has exactly the contract routes, with the contract methods', () => {
    const documented = operations().map(([route]) => route);

    expect(documented.sort()).toEqual([...CONTRACT_ROUTES].sort());
  });

  it('declares every path template parameter as a required path parameter', () => {
    for (const [route, op] of operations()) {
      const names = [...route.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const declared = (op.parameters ?? []).flatMap((p) =>
        'in' in p && p.in === 'path' && p.required ? [p.name] : [],
      );

      expect(declared, route).toEqual(names);
    }
  });

  it('answers every error with the Problem schema as application/problem+json', () => {
    for (const [route, op] of operations()) {
      for (const [status, response] of responsesOf(op)) {
        if (Number(status) < 400) continue;
        const content = response.content ?? {};
        const codes = problemCodes(schemaAt(content[PROBLEM_CONTENT_TYPE]?.schema));

        expect(Object.keys(content), `${route} ${status}`).toEqual([PROBLEM_CONTENT_TYPE]);
        expect(codes, `${route} ${status}`).toBeDefined();
        for (const code of codes ?? []) {
          expect(ERROR_STATUS[ErrorCodeSchema.parse(code)], `${route} ${code}`).toBe(
            Number(status),
          );
        }
      }
    }
  });

  it('documents X-Request-Id on every response', () => {
    for (const [route, op] of operations()) {
      for (const [status, response] of responsesOf(op)) {
        expect(response.headers?.['X-Request-Id'], `${route} ${status}`).toEqual({
          $ref: '#/components/headers/X-Request-Id',
        });
      }
    }
  });

  it('documents the challenge on 401 and Retry-After with the rate-limit headers on 429', () => {
    const me = doc.paths['/users/me']?.get;
    const responses = Object.fromEntries(responsesOf(me));

    expect(me?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(responses['401']?.headers ?? {})).toContain('WWW-Authenticate');
    expect(Object.keys(responses['429']?.headers ?? {})).toEqual(
      expect.arrayContaining(['Retry-After', 'RateLimit', 'RateLimit-Policy']),
    );
    expect(doc.components.securitySchemes?.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('requires exactly the contract fields of a user', () => {
    const user = schemaAt(doc.components.schemas?.User);

    expect([...(user?.required ?? [])].sort()).toEqual([...USER_FIELDS].sort());
    expect(Object.keys(user?.properties ?? {}).sort()).toEqual([...USER_FIELDS].sort());
  });

  it('forbids extra properties in the PATCH /users/me body', () => {
    const request = doc.paths['/users/me']?.patch?.requestBody;
    const ref =
      request && 'content' in request ? request.content['application/json']?.schema : undefined;
    const body = resolve(ref?.$ref ?? '') as SchemaObject | undefined;

    expect(body?.additionalProperties).toBe(false);
    expect(Object.keys(body?.properties ?? {})).toEqual(['displayName']);
  });

  it('leaves response objects open, so the API may add fields', () => {
    expect(doc.components.schemas?.User).not.toHaveProperty('additionalProperties');
    expect(doc.components.schemas?.Problem).not.toHaveProperty('additionalProperties');
  });
});

describe('openApiRouter', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(openApiRouter());
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    const closed = once(server, 'close');
    server.close();
    // fetch keeps connections alive; without this, close waits for their idle timeout.
    server.closeAllConnections();
    await closed;
  });

  it('serves the document as JSON at /openapi.json', async () => {
    const response = await fetch(`${base}/openapi.json`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('redirects /docs to /docs/ with a relative Location', async () => {
    const response = await fetch(`${base}/docs`, { redirect: 'manual' });

    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('docs/');
  });

  it('renders /docs as HTML whose scripts and styles are local files that answer 200', async () => {
    const page = await fetch(`${base}/docs`);
    const html = await page.text();
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)=["']([^"']+)["']/g)]
      .map((match) => match[1] ?? '')
      .map((url) => new URL(url, page.url));

    expect(page.status).toBe(200);
    expect(page.url).toBe(`${base}/docs/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(assets.map((url) => url.pathname)).toEqual(
      expect.arrayContaining([
        '/docs/swagger-ui.css',
        '/docs/swagger-ui-bundle.js',
        '/docs/swagger-ui-init.js',
      ]),
    );
    for (const url of assets) {
      const asset = await fetch(url);
      await asset.arrayBuffer();

      expect(url.origin).toBe(base);
      expect(asset.status, url.pathname).toBe(200);
    }
  });

  it('loads its script only from files, none inline, with the document in the init script', async () => {
    const html = await (await fetch(`${base}/docs/`)).text();
    const init = await (await fetch(`${base}/docs/swagger-ui-init.js`)).text();

    expect([...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>/g)]).toEqual([]);
    expect(init).toContain('"openapi": "3.1.1"');
    expect(init).toContain('"validatorUrl": null');
  });

  it('does not serve the swagger-ui-dist demo files', async () => {
    for (const path of ['index.html', 'swagger-initializer.js', 'package.json']) {
      const response = await fetch(`${base}/docs/${path}`);

      expect(response.status, path).toBe(404);
    }
  });
});
