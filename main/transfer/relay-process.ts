/**
 * Relays file bytes in a child process of their own, so the room's event loop never runs the byte pump or collects
 * its garbage, and chat never waits behind it. Each data connection's socket is handed to the child
 * (child_process.fork, `send(message, socket)`), which pairs and relays both sides with the same DataPipe the host
 * uses in-process. The child runs at a lower CPU priority: when the machine is busy, chat goes first.
 *
 * Plain Node only (`sarangbang serve`). The packaged desktop app has Electron's RunAsNode fuse off, so fork() cannot
 * start a Node child there, and utilityProcess cannot receive sockets: the desktop app runs the whole room in a
 * utility process instead (main/host/room-process.ts), which relays on its own event loop.
 * If the child cannot be started at all, later pipes fall back to in-process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import os from 'node:os';
import { nodeChildEntry } from '../node-child.js';
import type { FromRelayChild, ToRelayChild } from './relay-ipc.js';
import {
  DataPipe,
  type DataRole,
  type Pipe,
  type PipeEvents,
  type PipeFactory,
  type PipeTiming,
} from './relay-pipe.js';

/** Nice value of the relay child (10: "below normal" on Windows). Chat runs at the host's own priority. */
const RELAY_NICE = 10;
const EXIT_GRACE_MS = 5000;

export interface RelayUsage {
  pid: number;
  rss: number;
  cpuMicros: number;
}

/** Stops the host's copy of the socket from reading and returns the bytes it had already read. */
function detach(socket: Socket): Buffer {
  const unread = socket.readableLength > 0 ? (socket.read() as Buffer | null) : null;
  // A paused socket keeps reading until its buffer fills, and host and child share the descriptor until Node
  // closes the host's copy on the child's acknowledgement: without this the host could swallow the first bytes.
  (socket as unknown as { _handle?: { readStop?(): number } | null })._handle?.readStop?.();
  return unread ?? Buffer.alloc(0);
}

class RemotePipe implements Pipe {
  connected = false;

  constructor(
    private readonly owner: RelayProcess,
    readonly transfer: string,
    readonly offset: number,
    readonly length: number,
    readonly events: PipeEvents,
    readonly after: string | undefined,
  ) {}

  attach(role: DataRole, socket: Socket, leftover: Buffer): void {
    this.connected = true;
    this.owner.attach(this, role, socket, leftover);
  }

  close(): void {
    this.owner.forget(this);
  }
}

export class RelayProcess {
  private child: ChildProcess | undefined;
  private unavailable = false;
  /** Transfers handed to a child, with the child relaying them. */
  private readonly pipes = new Map<string, { pipe: RemotePipe; child: ChildProcess }>();
  private readonly usageWaiters = new Map<number, (usage: RelayUsage | undefined) => void>();
  private nextRequest = 1;

  /** Starts the child at once, so the first transfer does not wait for it to boot. */
  constructor(private readonly timing: PipeTiming) {
    this.running();
  }

  /** In-process fallback pipes cannot see the child's: pairing then times out as if no earlier file were moving. */
  readonly createPipe: PipeFactory = (transfer, offset, length, events, after) =>
    this.unavailable
      ? new DataPipe(transfer, offset, length, events, this.timing)
      : new RemotePipe(this, transfer, offset, length, events, after);

  /** The child's memory and CPU time so far (undefined when it is not running): a host's usage includes it. */
  usage(): Promise<RelayUsage | undefined> {
    const child = this.child;
    if (!child?.connected) return Promise.resolve(undefined);
    const request = this.nextRequest++;
    return new Promise((resolve) => {
      this.usageWaiters.set(request, resolve);
      this.post(child, { t: 'usage', request });
    });
  }

  /** Ends the child (its pipes were closed by FileRelay first); a transfer accepted after this relays in-process. */
  close(): void {
    const child = this.child;
    this.child = undefined;
    this.unavailable = true;
    if (!child) return;
    if (child.connected) child.disconnect(); // queued messages go first; the child exits on disconnect
    setTimeout(() => child.kill(), EXIT_GRACE_MS).unref();
  }

  /** @internal RemotePipe's side. */
  attach(pipe: RemotePipe, role: DataRole, socket: Socket, leftover: Buffer): void {
    const child = this.running();
    if (!child) {
      socket.destroy();
      return pipe.events.failed('interrupted', "the host's file relay process could not be started");
    }
    this.pipes.set(pipe.transfer, { pipe, child });
    const unread = detach(socket);
    const message: ToRelayChild = {
      t: 'attach',
      transfer: pipe.transfer,
      offset: pipe.offset,
      length: pipe.length,
      role,
      leftover: Buffer.concat([leftover, unread]).toString('base64'),
      ...(pipe.after === undefined ? {} : { after: pipe.after }),
    };
    child.send(message, socket, (error) => {
      if (error) this.lost(pipe, `could not hand the ${role}'s data connection to the host's file relay`);
    });
  }

  /** @internal RemotePipe's side. */
  forget(pipe: RemotePipe): void {
    const entry = this.pipes.get(pipe.transfer);
    if (entry?.pipe !== pipe) return;
    this.pipes.delete(pipe.transfer);
    if (entry.child.connected) this.post(entry.child, { t: 'close', transfer: pipe.transfer });
  }

  private running(): ChildProcess | undefined {
    if (this.child) return this.child;
    const { file, execArgv } = nodeChildEntry(import.meta.url, 'relay-child');
    let child: ChildProcess;
    try {
      child = fork(file, [JSON.stringify(this.timing)], {
        execArgv,
        env: childEnvironment(),
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'json',
      });
    } catch {
      this.unavailable = true;
      return undefined;
    }
    this.child = child;
    child.unref(); // never keeps the host alive; the child exits when the host's channel closes
    (child.channel as { unref?(): void } | null | undefined)?.unref?.();
    child.on('message', (message: FromRelayChild) => this.onMessage(message));
    child.on('error', () => {
      if (child.pid === undefined) this.unavailable = true; // could not spawn at all
      this.stopped(child);
    });
    child.on('exit', () => this.stopped(child));
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, RELAY_NICE);
      } catch {
        // Not allowed here: relaying at the host's priority is still correct.
      }
    }
    return child;
  }

  private post(child: ChildProcess, message: ToRelayChild): void {
    child.send(message, (error) => {
      if (error) this.stopped(child);
    });
  }

  private onMessage(message: FromRelayChild): void {
    if (message.t === 'usage') {
      this.usageWaiters.get(message.request)?.({ pid: message.pid, rss: message.rss, cpuMicros: message.cpuMicros });
      this.usageWaiters.delete(message.request);
      return;
    }
    const pipe = this.pipes.get(message.transfer)?.pipe;
    if (!pipe) return;
    if (message.t === 'relayed') return pipe.events.relayed();
    if (message.t === 'progress') return pipe.events.progress(message.bytes);
    this.pipes.delete(message.transfer);
    pipe.events.failed(message.reason, message.message);
  }

  private lost(pipe: RemotePipe, message: string): void {
    if (this.pipes.get(pipe.transfer)?.pipe !== pipe) return;
    this.pipes.delete(pipe.transfer);
    pipe.events.failed('interrupted', message);
  }

  /** The child is gone: every transfer it was relaying fails; the next one starts a new child. */
  private stopped(child: ChildProcess): void {
    if (this.child === child) this.child = undefined;
    for (const entry of [...this.pipes.values()]) {
      if (entry.child === child) this.lost(entry.pipe, "the host's file relay process stopped");
    }
    for (const resolve of this.usageWaiters.values()) resolve(undefined);
    this.usageWaiters.clear();
  }
}

/** The host's environment without the room password (`serve` may take it from SARANGBANG_PASSWORD): bytes only here. */
function childEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['SARANGBANG_PASSWORD'];
  return env;
}
