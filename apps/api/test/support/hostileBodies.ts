import { brotliCompressSync, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { brotliDecompressSync } from 'node:zlib';
import fc from 'fast-check';

/** A request body as a client can send it: bytes, a media type, maybe a content coding. */
export type HostileBody = {
  bytes: Buffer;
  contentType?: string;
  contentEncoding?: string;
};

const JSON_TYPE = 'application/json';
const CODINGS = ['gzip', 'deflate', 'br'] as const;

const encode = (coding: (typeof CODINGS)[number], bytes: Buffer) =>
  coding === 'gzip'
    ? gzipSync(bytes)
    : coding === 'deflate'
      ? deflateSync(bytes)
      : brotliCompressSync(bytes);

const jsonText = fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value)));
const randomBytes = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));

/**
 * Random bodies: JSON values, strings and bytes, with and without `application/json`, in
 * other media types and charsets, and validly compressed (gzip, deflate, br). Bytes that do
 * not decode in the coding they claim are `corruptEncodings`, tried on every route apart.
 * `nearValid` are bodies shaped like the route's own, with hostile field values.
 */
export function hostileBodies(nearValid: fc.Arbitrary<unknown>): fc.Arbitrary<HostileBody> {
  const json = fc.oneof(
    jsonText,
    nearValid.map((value) => Buffer.from(JSON.stringify(value))),
  );
  return fc.oneof(
    { arbitrary: json.map((bytes) => ({ bytes, contentType: JSON_TYPE })), weight: 4 },
    fc.string().map((text) => ({ bytes: Buffer.from(text), contentType: JSON_TYPE })),
    randomBytes.map((bytes) => ({ bytes, contentType: JSON_TYPE })),
    randomBytes.map((bytes) => ({ bytes })),
    json.map((bytes) => ({ bytes })),
    fc.record({
      bytes: fc.oneof(json, randomBytes),
      contentType: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/merge-patch+json',
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
      ),
    }),
    fc.tuple(json, fc.constantFrom(...CODINGS)).map(([bytes, coding]) => ({
      bytes: encode(coding, bytes),
      contentType: JSON_TYPE,
      contentEncoding: coding,
    })),
  );
}

/** The JSON value the API's parser would see, or undefined when no JSON route should accept it. */
export function parsedJson(body: HostileBody): unknown {
  const type = body.contentType?.toLowerCase();
  if (type !== JSON_TYPE && type !== `${JSON_TYPE}; charset=utf-8`) return undefined;
  let bytes = body.bytes;
  try {
    if (body.contentEncoding === 'gzip') bytes = gunzipSync(bytes);
    else if (body.contentEncoding === 'deflate') bytes = inflateSync(bytes);
    else if (body.contentEncoding === 'br') bytes = brotliDecompressSync(bytes);
    else if (body.contentEncoding !== undefined && body.contentEncoding !== 'identity')
      return undefined;
    // body-parser reads an empty JSON body as {}.
    if (bytes.length === 0) return {};
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The request headers that send the body as described. */
export function bodyHeaders(body: HostileBody): Record<string, string> {
  return {
    ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }),
    ...(body.contentEncoding === undefined ? {} : { 'content-encoding': body.contentEncoding }),
  };
}

/** Bodies whose `Content-Encoding` is a lie: empty, or bytes that do not decode in it. */
export const corruptEncodings: HostileBody[] = ['gzip', 'deflate', 'br'].flatMap((coding) => [
  { bytes: Buffer.alloc(0), contentType: JSON_TYPE, contentEncoding: coding },
  { bytes: Buffer.from('{"displayName":"x"}'), contentType: JSON_TYPE, contentEncoding: coding },
  {
    bytes: gzipSync(Buffer.from('{}')).subarray(0, 8),
    contentType: JSON_TYPE,
    contentEncoding: coding,
  },
]);
