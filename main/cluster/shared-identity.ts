/**
 * What every instance of a cluster must present alike, kept in Redis: the host identity (TLS key and certificate:
 * the same fingerprint and room code on every instance) and the history run. The first instance to start stores
 * its own; the others take the stored one. Likewise the hop key, which authenticates data connections passed on between
 * instances (cluster-hop.ts). After Redis lost its data, the instances store theirs again (the same).
 */
import { randomBytes } from 'node:crypto';
import { identityOf, type Identity } from '../security/identity.js';
import { clusterKeys, KEY_PREFIX } from './keys.js';
import type { ClusterRedis } from './scripts.js';

export async function sharedIdentity(redis: ClusterRedis, own: Identity, prefix = KEY_PREFIX): Promise<Identity> {
  const key = clusterKeys(prefix).identity;
  await redis.set(key, JSON.stringify({ version: 1, key: own.keyPem, cert: own.certPem }), 'NX');
  const stored = JSON.parse((await redis.get(key)) ?? '{}') as { key?: string; cert?: string };
  if (typeof stored.key !== 'string' || typeof stored.cert !== 'string')
    throw new Error(`the identity stored in Redis (${key}) is unreadable`);
  return identityOf(stored.key, stored.cert);
}

export async function sharedRun(redis: ClusterRedis, own: string, prefix = KEY_PREFIX): Promise<string> {
  const key = clusterKeys(prefix).run;
  await redis.set(key, own, 'NX');
  return (await redis.get(key)) ?? own;
}

/** The cluster's hop key (32 random bytes), stored by the first instance (or, after Redis lost it, ours again). */
export async function sharedHopKey(
  redis: ClusterRedis,
  own: Buffer = randomBytes(32),
  prefix = KEY_PREFIX,
): Promise<Buffer> {
  const key = clusterKeys(prefix).hopKey;
  await redis.set(key, own.toString('base64'), 'NX');
  const stored = Buffer.from((await redis.get(key)) ?? '', 'base64');
  if (stored.length !== 32) throw new Error(`the hop key stored in Redis (${key}) is unreadable`);
  return stored;
}
