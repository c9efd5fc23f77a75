import net from 'node:net';
import mongoose from 'mongoose';
import { openMongoStore } from '../../src/store/mongo/mongoStore.js';
import type { Store } from '../../src/store/port.js';

const { BSON } = mongoose.mongo;

export type Command = Record<string, unknown>;

/** A responder's answer that the fake never sends: a frozen connection. */
export const NO_REPLY = Symbol('no reply');

/** What the fake answers to one command; undefined falls back to an empty success. */
export type Responder = (command: Command) => Record<string, unknown> | typeof NO_REPLY | undefined;

export type FakeOptions = {
  /** Answer the handshake as the primary of a one-member replica set: transactions are on. */
  replicaSet?: boolean;
};

export type FakeMongod = {
  port: number;
  /** Every command received after the handshake, in order, document sequences merged in. */
  commands: Command[];
  /** `name:collection` of the data commands (find, update, delete, findAndModify, insert). */
  operations(): string[];
  close(): Promise<void>;
};

const DATA_COMMANDS = new Set(['find', 'insert', 'update', 'delete', 'findandmodify']);

function handshake(port: number, { replicaSet = false }: FakeOptions): Record<string, unknown> {
  const host = `127.0.0.1:${String(port)}`;
  const member = { setName: 'rs0', hosts: [host], me: host, primary: host, secondary: false };
  const election = { setVersion: 1, electionId: new BSON.ObjectId('7fffffff0000000000000001') };
  return {
    ...{ helloOk: true, isWritablePrimary: true, ismaster: true, ok: 1 },
    ...{ minWireVersion: 0, maxWireVersion: 21, maxBsonObjectSize: 16_777_216 },
    ...{ maxMessageSizeBytes: 48_000_000, maxWriteBatchSize: 100_000 },
    ...{ localTime: new Date(), logicalSessionTimeoutMinutes: 30, connectionId: 1 },
    ...(replicaSet ? { ...member, ...election } : {}),
  };
}

/** A command's name, lower-cased (`findandmodify`), and the collection it names. */
export const nameOf = (command: Command) => Object.keys(command)[0]?.toLowerCase() ?? '';
export const collectionOf = (command: Command) => String(Object.values(command)[0]);

/** The answer to a `find` that found `docs`. */
export const found = (collection: string, docs: Record<string, unknown>[]) => ({
  cursor: { id: 0n, ns: `x.${collection}`, firstBatch: docs },
  ok: 1,
});

/** Generic successes: no documents found, nothing matched, upserts inserted. */
function fallback(command: Command): Record<string, unknown> {
  const name = nameOf(command);
  if (name === 'find') return found(collectionOf(command), []);
  if (name === 'update') {
    return { n: 1, nModified: 0, upserted: [{ index: 0, _id: new BSON.ObjectId() }], ok: 1 };
  }
  if (name === 'delete') return { n: 0, ok: 1 };
  if (name === 'findandmodify') return { value: null, lastErrorObject: { n: 0 }, ok: 1 };
  return { ok: 1 };
}

/** The OP_MSG body, with any kind-1 document sequences (e.g. `updates`) put back into it. */
function readOpMsg(message: Buffer): Command {
  const bodyLength = message.readInt32LE(21);
  const command = BSON.deserialize(message.subarray(21, 21 + bodyLength));
  let offset = 21 + bodyLength;
  while (offset < message.length && message[offset] === 1) {
    const size = message.readInt32LE(offset + 1);
    const end = offset + 1 + size;
    const nameEnd = message.indexOf(0, offset + 5);
    const identifier = message.toString('utf8', offset + 5, nameEnd);
    const documents: Command[] = [];
    for (let at = nameEnd + 1; at < end; at += message.readInt32LE(at)) {
      documents.push(BSON.deserialize(message.subarray(at, at + message.readInt32LE(at))));
    }
    command[identifier] = documents;
    offset = end;
  }
  return command;
}

/**
 * Just enough of mongod's wire protocol (OP_MSG, and OP_QUERY for the first handshake) for a
 * standalone server, or with `replicaSet` the primary of a one-member replica set (which
 * accepts transactions and checks none of them): lets offline tests watch which commands the
 * store sends, in which order, with answers they choose. No real mongod can run on this machine.
 */
export async function startFakeMongod(
  port: number,
  respond?: Responder,
  options: FakeOptions = {},
): Promise<FakeMongod> {
  const commands: Command[] = [];
  const reply = (command: Command): Record<string, unknown> | typeof NO_REPLY => {
    const name = nameOf(command);
    if (name === 'hello' || name === 'ismaster') return handshake(port, options);
    commands.push(command);
    return respond?.(command) ?? fallback(command);
  };
  const frame = (requestId: number, opCode: number, prefix: Buffer, body: Buffer) => {
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + prefix.length + body.length, 0);
    header.writeInt32LE(requestId, 8);
    header.writeInt32LE(opCode, 12);
    return Buffer.concat([header, prefix, body]);
  };
  const answer = (message: Buffer): Buffer | undefined => {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    if (opCode === 2013) {
      const answered = reply(readOpMsg(message));
      if (answered === NO_REPLY) return undefined;
      return frame(requestId, 2013, Buffer.alloc(5), Buffer.from(BSON.serialize(answered)));
    }
    if (opCode !== 2004) return undefined;
    const collectionEnd = message.indexOf(0, 20);
    const answered = reply(BSON.deserialize(message.subarray(collectionEnd + 9)));
    if (answered === NO_REPLY) return undefined;
    const replyHeader = Buffer.alloc(20);
    replyHeader.writeInt32LE(1, 16);
    return frame(requestId, 1, replyHeader, Buffer.from(BSON.serialize(answered)));
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        const response = answer(pending.subarray(0, length));
        pending = pending.subarray(length);
        if (response) socket.write(response);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    commands,
    operations: () =>
      commands.flatMap((command) => {
        const [name = '', collection] = Object.entries(command)[0] ?? [];
        return DATA_COMMANDS.has(name.toLowerCase()) ? [`${name}:${String(collection)}`] : [];
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}

export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** A MongoDB store connected to a new fake mongod answering with `respond`. */
export async function storeOnFake(
  respond?: Responder,
  options: FakeOptions = {},
): Promise<{ server: FakeMongod; store: Store }> {
  const server = await startFakeMongod(await freePort(), respond, options);
  const store = openMongoStore(`mongodb://127.0.0.1:${String(server.port)}/x`);
  await store.ping();
  return { server, store };
}
