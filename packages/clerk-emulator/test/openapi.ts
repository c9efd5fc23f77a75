import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Clerk's published OpenAPI files (vendored in ./clerk-openapi) turned into validators for
 * what the stand-in serves and sends.
 */
const SPEC_DIR = join(import.meta.dirname, 'clerk-openapi');
const BAPI_FILE = 'bapi/2026-05-12.yml';
const WEBHOOKS_FILE = 'webhooks/2025-04-15.yml';

type Json = Record<string, unknown>;
type Ref = { $ref: string };

/**
 * Where the stand-in (or the specification) differs from Clerk on purpose. Each entry names
 * one error Ajv reports, precisely enough that no other error is hidden by it.
 */
export type AllowedDifference = {
  name: string;
  /** JSON pointer of the offending value in the validated document. */
  instancePath: RegExp;
  keyword: string;
  params?: Json;
};

export const ALLOWED_DIFFERENCES: AllowedDifference[] = [
  {
    // Spec defect, not a stand-in one: `SessionEventPayload` is `allOf: [Session, { user }]`,
    // and `Session` says `additionalProperties: false`, so no payload carrying the `user` the
    // same spec requires could ever pass. `user` is still checked against `User` by allOf.
    name: 'webhooks spec: Session (additionalProperties: false) refuses the user SessionEventPayload requires',
    instancePath: /^\/data$/,
    keyword: 'additionalProperties',
    params: { additionalProperty: 'user' },
  },
];

/**
 * Error answers the stand-in gives that Clerk's spec does not list for the operation. Their
 * bodies are still checked against the spec's `ClerkErrors`, the one error shape Clerk has.
 */
export const UNDECLARED_ERRORS: { name: string; operation: string; status: number }[] = [
  {
    name: 'a token for a session that is no longer active is refused (the spec lists only 401, 404)',
    operation: 'POST /sessions/{session_id}/tokens',
    status: 400,
  },
  {
    name: 'banning an unknown user is a 404 (the spec lists only 402)',
    operation: 'POST /users/{user_id}/ban',
    status: 404,
  },
  {
    name: 'a missing or wrong secret key is a 401 on every route (the spec omits it on some, e.g. GET /jwks, GET /users/count)',
    operation: '*',
    status: 401,
  },
  {
    name: "a fault switched on in a test (setFault('error')) is a 503 on every route",
    operation: '*',
    status: 503,
  },
];

/**
 * `paginated=true` (what @clerk/backend's list methods send) makes Clerk answer
 * `{ data, total_count }`; the spec describes only the plain array, which it then checks `data`
 * against.
 */
export const PAGINATED_ENVELOPE = {
  name: 'spec gap: with paginated=true a list comes as { data, total_count }',
  required: ['data', 'total_count'],
};

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: `null` joins the types (and an `enum`), or,
 * beside a `$ref` or a composition with no `type`, becomes an alternative of its own.
 */
function withNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNulls);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Json;
  const schema = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withNulls(v)]));
  if (nullable !== true) return nullable === undefined ? schema : { ...schema, nullable };
  if (typeof schema.type !== 'string') return { anyOf: [schema, { type: 'null' }] };
  const nullableSchema: Json = { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) nullableSchema.enum = [...(schema.enum as unknown[]), null];
  return nullableSchema;
}

function load(file: string): Json {
  const doc = withNulls(parse(readFileSync(join(SPEC_DIR, file), 'utf8'))) as Json;
  ajv.addSchema({ ...doc, $id: file });
  return doc;
}

const bapi = load(BAPI_FILE);
const webhooks = load(WEBHOOKS_FILE);

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

function at(doc: Json, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('/').slice(1)) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    node = typeof node === 'object' && node !== null ? (node as Json)[key] : undefined;
  }
  return node;
}

const isRef = (value: unknown): value is Ref =>
  typeof value === 'object' && value !== null && typeof (value as Ref).$ref === 'string';

/** The spec's path template matching a concrete path, e.g. `/sessions/{session_id}`. */
export function specPathFor(path: string): string | undefined {
  const params = (template: string) => template.split('{').length;
  // `/users/count` is its own path, not `/users/{user_id}`: the fewest parameters win.
  const paths = Object.keys(bapi.paths as Json).sort((a, b) => params(a) - params(b));
  return paths.find((template) => {
    const pattern = template.replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(path);
  });
}

/** JSON pointer (into the BAPI file) of the schema of one operation's response. */
function responseSchemaPointer(method: string, template: string, status: number): string {
  const operation = `${method.toUpperCase()} ${template}`;
  const base = `#/${pointer('paths', template, method.toLowerCase(), 'responses')}`;
  const responses = at(bapi, base.slice(1)) as Json | undefined;
  if (!responses) throw new Error(`Clerk's spec has no ${operation}`);
  const response = responses[String(status)];
  if (response === undefined) {
    const undeclared = (known: (typeof UNDECLARED_ERRORS)[number]) =>
      (known.operation === operation || known.operation === '*') && known.status === status;
    if (UNDECLARED_ERRORS.some(undeclared)) return '#/components/schemas/ClerkErrors';
    throw new Error(`Clerk's spec lists no ${status} answer for ${operation}`);
  }
  const responsePointer = isRef(response) ? response.$ref : `${base}/${status}`;
  return `${responsePointer}/content/application~1json/schema`;
}

export type Violation = { instancePath: string; keyword: string; message: string; params: Json };

function violations(errors: ErrorObject[] | null | undefined): Violation[] {
  return (errors ?? [])
    .filter(
      (error) =>
        !ALLOWED_DIFFERENCES.some(
          (allowed) =>
            allowed.keyword === error.keyword &&
            allowed.instancePath.test(error.instancePath) &&
            Object.entries(allowed.params ?? {}).every(
              ([key, value]) => (error.params as Json)[key] === value,
            ),
        ),
    )
    .map(({ instancePath, keyword, message, params }) => ({
      instancePath,
      keyword,
      message: message ?? '',
      params: params as Json,
    }));
}

const compiled = new Map<string, ValidateFunction>();
function validatorFor(ref: string) {
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  return validate;
}

/** What Clerk's Backend API spec finds wrong with one answer (empty when it conforms). */
export function checkBackendResponse(
  method: string,
  url: URL,
  status: number,
  body: unknown,
): Violation[] {
  const path = url.pathname.replace(/^\/v1/, '');
  const template = specPathFor(path);
  if (!template) throw new Error(`Clerk's Backend API has no path ${path}`);
  const validate = validatorFor(`${BAPI_FILE}${responseSchemaPointer(method, template, status)}`);
  if (status === 200 && url.searchParams.get('paginated') === 'true') {
    const envelope = (typeof body === 'object' && body !== null ? body : {}) as Json;
    const keys = Object.keys(envelope).sort();
    const count = envelope.total_count;
    if (keys.join() !== PAGINATED_ENVELOPE.required.join() || !Number.isInteger(count)) {
      return [
        {
          instancePath: '',
          keyword: 'paginated',
          message: `must be exactly { data, total_count }, not ${JSON.stringify(keys)}`,
          params: {},
        },
      ];
    }
    body = envelope.data;
  }
  validate(body);
  return violations(validate.errors);
}

/** The webhook event types Clerk's spec describes. */
export const webhookEventTypes = () => Object.keys(webhooks['x-webhooks'] as Json);

/** What Clerk's webhooks spec finds wrong with one delivered event payload. */
export function checkWebhookPayload(payload: { type: string }): Violation[] {
  const event = pointer('x-webhooks', payload.type, 'post', 'requestBody', 'content');
  if (!at(webhooks, `/${event}`)) throw new Error(`Clerk sends no ${payload.type} webhook`);
  const validate = validatorFor(`${WEBHOOKS_FILE}#/${event}/application~1json/schema`);
  validate(payload);
  return violations(validate.errors);
}
