/**
 * Instance presence: each instance keeps a key with a short expiry (refreshed every `beatMs`) and is listed in the
 * instances hash. Each beat it also sweeps: for every listed instance whose key has expired, one script removes
 * that instance's members from their rooms and publishes their `left` (reason `server_failed`); the script does
 * nothing while the key exists, so among the survivors one sweeps.
 */
import { clusterKeys, instanceKeys, KEY_PREFIX } from './keys.js';
import type { RedisLink } from './redis-link.js';

export const BEAT_MS = 1000;
export const ALIVE_MS = 3000;

export interface InstanceFacts {
  name: string;
  /** Where clients reach it (host:port), once it listens. */
  address?: string;
}

export class Presence {
  private timer: NodeJS.Timeout | undefined;
  private watcher: ((alive: Map<string, InstanceFacts>) => void) | undefined;
  private readonly keys: ReturnType<typeof instanceKeys>;

  constructor(
    private readonly link: RedisLink,
    private readonly instance: string,
    private facts: InstanceFacts,
    private readonly report: (error: unknown, where: string) => void,
    private readonly prefix = KEY_PREFIX,
    private readonly timing = { beatMs: BEAT_MS, aliveMs: ALIVE_MS },
  ) {
    this.keys = instanceKeys(instance, prefix);
  }

  /** Announces this instance and starts beating. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch((error: unknown) => this.failed(error)), this.timing.beatMs);
    this.timer.unref();
  }

  update(facts: Partial<InstanceFacts>): void {
    this.facts = { ...this.facts, ...facts };
    void this.beat().catch((error: unknown) => this.failed(error));
  }

  /** Calls `watcher` after each beat with the instances alive then (the welcome's list of instances). */
  onInstances(watcher: (alive: Map<string, InstanceFacts>) => void): void {
    this.watcher = watcher;
  }

  /** The instances alive now, with their facts. */
  async instances(): Promise<Map<string, InstanceFacts>> {
    const listed = await this.link.commands.hgetall(clusterKeys(this.prefix).instances);
    const found = new Map<string, InstanceFacts>();
    for (const [id, text] of Object.entries(listed)) found.set(id, JSON.parse(text) as InstanceFacts);
    return found;
  }

  /** Stops beating and leaves the list (a clean stop: nothing to sweep). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (!this.link.up) return;
    await this.link.commands
      .multi()
      .del(this.keys.alive, this.keys.members)
      .hdel(clusterKeys(this.prefix).instances, this.instance)
      .exec()
      .catch(() => undefined);
  }

  private async beat(): Promise<void> {
    if (!this.link.up) return;
    const redis = this.link.commands;
    const text = JSON.stringify(this.facts);
    const listed = clusterKeys(this.prefix).instances;
    const [, , all] = (await redis
      .multi()
      .set(this.keys.alive, text, 'PX', this.timing.aliveMs)
      .hset(listed, this.instance, text)
      .hgetall(listed)
      .exec()) as [unknown, unknown, [Error | null, Record<string, string>]];
    const alive = new Map<string, InstanceFacts>();
    for (const [other, facts] of Object.entries(all[1] ?? {})) {
      if (other !== this.instance) {
        const keys = instanceKeys(other, this.prefix);
        const swept = await redis.sbSweep(keys.alive, keys.members, listed, this.prefix, other, 'server_failed');
        if (swept >= 0) continue; // it was dead
      }
      alive.set(other, JSON.parse(facts) as InstanceFacts);
    }
    this.watcher?.(alive);
  }

  private failed(error: unknown): void {
    if (this.link.up) this.report(error, 'cluster presence');
  }
}
