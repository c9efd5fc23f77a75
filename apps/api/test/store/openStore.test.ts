import { describe, expect, it } from 'vitest';
import { connectionTarget, openStore } from '../../src/store/index.js';
import { migratedStoreOptions } from '../support/snapshots.js';

describe('openStore', () => {
  it.each([
    ['postgres://postgres@127.0.0.1:1/x', 'postgres'],
    ['postgresql://postgres@127.0.0.1:1/x', 'postgres'],
    ['pglite:memory', 'pglite'],
  ])('opens %s as a %s store without waiting for the database', async (url, kind) => {
    const store = await openStore(url, migratedStoreOptions());

    expect(store.kind).toBe(kind);
    await store.close();
  });

  it('names the accepted forms, and never echoes the URL, for an unknown scheme', () => {
    const open = () => openStore('mysql://admin:s3cret@db.example.com/app');

    expect(open).toThrow(/unsupported scheme "mysql".*postgres:\/\/.*pglite:memory/);
    expect(open).not.toThrow(/s3cret|admin|example/);
  });

  it('refuses a value that is not a URL without echoing it', () => {
    expect(() => openStore('s3cret')).toThrow(/no scheme/);
    expect(() => openStore('s3cret')).not.toThrow(/s3cret/);
  });
});

describe('connectionTarget', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/app', 'postgres://db:5432/app'],
    ['postgres://app@db/app', 'postgres://db/app'],
    ['postgres://db/app?user=app&password=s3cret', 'postgres://db/app'],
    ['postgres://app:pw@db:5432/app?sslmode=require&sslpassword=s3cret', 'postgres://db:5432/app'],
    ['postgres://app:p@ss/w?rd@db/app', 'postgres://'],
    ['postgres://app:p@ss/word@db/app', 'postgres://db/app'],
    [
      'mongodb+srv://app:s3cret@cluster0.example.net/db?w=1&tlsCertificateKeyFilePassword=s3cret',
      'mongodb+srv://cluster0.example.net/db',
    ],
    [
      'mongodb://h1:27017,h2:27017/db?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:s3cret',
      'mongodb://h1:27017,h2:27017/db',
    ],
    ['mongodb://h1/db?appName=me@s3cret', 'mongodb://'],
    ['rediss://default:s3cret@cache.example.net:6380/0', 'rediss://cache.example.net:6380/0'],
    ['pglite:.data/dev', 'pglite:.data/dev'],
  ])('logs %s as %s: scheme, host, port and database only', (url, expected) => {
    expect(connectionTarget(url)).toBe(expected);
  });
});
