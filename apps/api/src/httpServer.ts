import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';
import { answerClientErrors } from './clientError.js';

type OldStyleConstructor = (this: object, ...args: unknown[]) => void;

/** Node 20's IncomingMessage and ServerResponse are functions, not `class`es: callable on `this`. */
const isOldStyle = (base: unknown) =>
  typeof base === 'function' && !Function.prototype.toString.call(base).startsWith('class');

/**
 * A constructor for `base`'s instances whose prototype is `prototype` from birth, for Node's
 * `createServer({ IncomingMessage, ServerResponse })` options, which construct with `new`.
 * A plain function whose `prototype` is set, so V8 gives its instances one map of their own;
 * `Reflect.construct(base, args, Born)` makes the same objects on a map slower than Node's.
 */
function bornWith<C>(base: C, prototype: object): C {
  const construct = base as unknown as OldStyleConstructor;
  function Born(this: object, ...args: unknown[]) {
    construct.apply(this, args);
  }
  Born.prototype = prototype;
  return Born as unknown as C;
}

/**
 * Whether createHttpServer's requests and responses are born with Express's prototypes (the
 * fast path below). False if a Node release turns their constructors into classes: the server
 * then is plain `createServer(app)`, correct but slower; server.ts logs which one runs.
 */
export const fastPath = isOldStyle(IncomingMessage) && isOldStyle(ServerResponse);

/**
 * The API's HTTP server. For each request, Express's `app.handle` changes the prototypes of
 * `req` and `res` to `app.request` and `app.response` (`Object.setPrototypeOf`). V8 then treats
 * both objects as slow for every later property access: a bare Express route on Node 20 costs
 * about 3.5 times the CPU it needs (expressjs/express#5998, nodejs/node#37457). Node lets a
 * server choose the constructors of its requests and responses, so this server's are born with
 * Express's prototypes and Express's own assignment changes nothing. They are the objects Node
 * would make (its constructors run on them); only their prototype is set at birth, not after.
 * Should a Node release turn those constructors into classes, this is `createServer(app)`.
 * Client errors Node answers before Express sees a request go through clientError.ts.
 */
export function createHttpServer(app: Express): Server {
  const server = !fastPath
    ? createServer(app)
    : createServer(
        {
          IncomingMessage: bornWith(IncomingMessage, app.request),
          ServerResponse: bornWith(ServerResponse, app.response),
        },
        app,
      );
  return server.on('clientError', answerClientErrors(app.locals.fixedHeaders ?? []));
}
