/**
 * One instance's part in a cluster (`sarangbang serve --cluster redis://HOST:PORT`): connects to Redis, takes the
 * cluster's identity and history run, beats its presence and sweeps dead instances, and hands `createRoomServer`
 * the hub (ClusterHub) its rooms live in. Says when Redis goes away ("paused") and when it is back ("recovered").
 *
 *   const cluster = await startCluster({ url, identity, log });
 *   const server = createRoomServer({ identity: cluster.identity, run: cluster.run, hub: cluster.hub });
 *   cluster.attach(server);  ...  await server.close(); await cluster.stop();
 */
import { randomBytes } from 'node:crypto';
import type { RoomServer, RoomServerOptions } from '../gateway/server.js';
import { newRunId } from '../gateway/welcome.js';
import type { Identity } from '../security/identity.js';
import { ClusterFiles } from './cluster-files.js';
import { ClusterHub } from './cluster-hub.js';
import { eventsPattern, KEY_PREFIX } from './keys.js';
import { Presence } from './presence.js';
import { RedisLink } from './redis-link.js';
import { sharedHopKey, sharedIdentity, sharedRun } from './shared-identity.js';

export interface ClusterOptions {
  /** redis://HOST:PORT (or rediss://, redis://:password@HOST:PORT/DB, or a unix socket path). */
  url: string;
  /** This instance's identity: stored as the cluster's if the cluster has none yet. */
  identity: Identity;
  /** A name for this instance in logs and in Redis (default: a random one). */
  name?: string;
  /** Lines for the host's log (paused, recovered). */
  log: (line: string) => void;
  prefix?: string;
}

export interface Cluster {
  readonly instance: string;
  /** The identity every instance presents. */
  readonly identity: Identity;
  /** The history run every instance names. */
  readonly run: string;
  /** For `createRoomServer({hub})`. */
  readonly hub: NonNullable<RoomServerOptions['hub']>;
  /** The hub, once `createRoomServer` made it. */
  readonly rooms: ClusterHub | undefined;
  /** Plugs the cluster's file routing in and publishes where this instance listens. */
  attach(server: RoomServer): void;
  /** After the server closed: waits for its members' leaves, leaves the instance list, disconnects. */
  stop(): Promise<void>;
}

/** `host:port`, with an IPv6 host in brackets. */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const prefix = options.prefix ?? KEY_PREFIX;
  const link = new RedisLink(options.url, eventsPattern(prefix));
  try {
    await link.connect();
  } catch (error) {
    await link.close();
    throw new Error(`Could not reach Redis at ${options.url}: ${(error as Error).message}`, { cause: error });
  }
  const instance = options.name ?? `i-${randomBytes(4).toString('hex')}`;
  const identity = await sharedIdentity(link.commands, options.identity, prefix);
  const run = await sharedRun(link.commands, newRunId(), prefix);
  const hopKey = await sharedHopKey(link.commands, undefined, prefix);
  let hub: ClusterHub | undefined;
  const report = (error: unknown, where: string): void => options.log(`${where}: ${(error as Error).message}`);
  const presence = new Presence(link, instance, { name: instance }, report, prefix);
  const files = new ClusterFiles({
    link,
    instance,
    hopKey,
    prefix,
    report,
    addressOf: async (other) => (await presence.instances()).get(other)?.address,
  });
  await files.start();
  await presence.start();
  let wasDown = false;
  link.on('down', () => {
    if (wasDown) return;
    wasDown = true;
    options.log(
      `Redis unreachable at ${options.url}: the cluster is paused (members here stay; logins and messages are refused until it is back).`,
    );
  });
  link.on('up', () => {
    if (!wasDown) return;
    void (async () => {
      try {
        await sharedIdentity(link.commands, identity, prefix);
        await sharedRun(link.commands, run, prefix);
        await sharedHopKey(link.commands, hopKey, prefix);
        presence.update({});
        await hub?.recover();
        wasDown = false;
        options.log(`Redis reachable again at ${options.url}: the cluster recovered.`);
      } catch (error) {
        options.log(`Redis came back but the cluster could not recover yet: ${(error as Error).message}`);
      }
    })();
  });
  return {
    instance,
    identity,
    run,
    get rooms() {
      return hub;
    },
    hub: (roomOptions, report) => {
      hub = new ClusterHub({ link, instance, roomOptions, report, prefix, files });
      return hub;
    },
    attach(server) {
      server.setHooks(files.wrap(server.hooks(), server.hub));
      const bound = server.address();
      if (bound) presence.update({ address: hostPort(bound.address, bound.port) });
      presence.onInstances((alive) => {
        const instances = [...alive.values()].flatMap((facts) => (facts.address ? [facts.address] : [])).sort();
        server.rooms.clusterInstances = instances;
      });
    },
    async stop() {
      await hub?.stopped();
      await presence.stop();
      await link.close();
    },
  };
}
