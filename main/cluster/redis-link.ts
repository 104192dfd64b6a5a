/**
 * The two connections an instance keeps to Redis (commands, and a subscriber for the rooms' event channels and the
 * instance's own channel) and
 * whether Redis is reachable: `down` once either connection is lost, `up` once both are back. Commands fail at
 * once while Redis is away (no offline queue): the hub refuses changes then instead of letting them wait unseen.
 */
import { Redis } from 'ioredis';
import { defineScripts, type ClusterRedis } from './scripts.js';

export interface RedisLinkEvents {
  down: () => void;
  up: () => void;
  message: (channel: string, text: string) => void;
}

const RETRY_MS = 250;

export class RedisLink {
  readonly commands: ClusterRedis;
  private readonly subscriber: Redis;
  private reachable = false;
  private readonly listeners: { [K in keyof RedisLinkEvents]: Set<RedisLinkEvents[K]> } = {
    down: new Set(),
    up: new Set(),
    message: new Set(),
  };

  constructor(
    readonly url: string,
    private readonly pattern: string,
  ) {
    const options = { lazyConnect: true, retryStrategy: () => RETRY_MS, maxRetriesPerRequest: 1 };
    this.commands = defineScripts(new Redis(url, { ...options, enableOfflineQueue: false }));
    this.subscriber = new Redis(url, options);
    this.subscriber.on('pmessage', (_pattern: string, channel: string, text: string) => {
      for (const listener of this.listeners.message) listener(channel, text);
    });
    this.subscriber.on('message', (channel: string, text: string) => {
      for (const listener of this.listeners.message) listener(channel, text);
    });
    for (const client of [this.commands, this.subscriber]) {
      client.on('error', () => undefined); // reported as down/up; ioredis retries on its own
      client.on('close', () => this.changed());
      client.on('ready', () => this.changed());
    }
  }

  /** Connects both; rejects when Redis cannot be reached. */
  async connect(): Promise<void> {
    await Promise.all([this.commands.connect(), this.subscriber.connect()]);
    await this.subscriber.psubscribe(this.pattern);
    this.changed();
  }

  /** Also listens to `channel` (resubscribed after a reconnection, as the pattern is). */
  async subscribe(channel: string): Promise<void> {
    await this.subscriber.subscribe(channel);
  }

  get up(): boolean {
    return this.reachable;
  }

  on<K extends keyof RedisLinkEvents>(event: K, listener: RedisLinkEvents[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  async close(): Promise<void> {
    this.reachable = false;
    for (const set of Object.values(this.listeners)) set.clear();
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit()]);
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  private changed(): void {
    const both = this.commands.status === 'ready' && this.subscriber.status === 'ready';
    if (both === this.reachable) return;
    this.reachable = both;
    for (const listener of this.listeners[both ? 'up' : 'down']) listener();
  }
}
