import { describe, expect, it } from 'vitest';
import { FlowControl, type FlowConnection } from './backpressure.js';
import { FramedTestClient, useTestRoom } from './test-support.js';

class FakeConnection implements FlowConnection {
  queuedBytes = 0;
  lastProgressAt = 0;
  paused = false;
  pauseReading(): void {
    this.paused = true;
  }
  resumeReading(): void {
    this.paused = false;
  }
}

describe('flow control policy', () => {
  const options = { softBytes: 100, hardBytes: 1000, stallMs: 150, maxStallMs: 1000, checkIntervalMs: 50 };
  const check = (flow: FlowControl): void => (flow as unknown as { check(): void }).check();
  /** Runs the periodic check at every interval up to `until`, as the timer would. */
  function checkUntil(flow: FlowControl, clock: { now: number }, until: number): void {
    while (clock.now < until) {
      clock.now = Math.min(until, clock.now + options.checkIntervalMs);
      check(flow);
    }
  }

  it('pushes back on every reader while a progressing recipient is over the soft bound, until it drains', () => {
    let now = 0;
    const flow = new FlowControl(options, () => now);
    const slowReader = new FakeConnection();
    const sender = new FakeConnection();
    flow.register(slowReader);
    flow.register(sender);
    slowReader.queuedBytes = 150;
    flow.queued(slowReader);
    expect(sender.paused).toBe(true);
    const late = new FakeConnection();
    flow.register(late);
    expect(late.paused).toBe(true);
    now = 100;
    slowReader.queuedBytes = 50;
    slowReader.lastProgressAt = now;
    flow.drained(slowReader);
    expect(sender.paused).toBe(false);
    expect(late.paused).toBe(false);
    flow.stop();
  });

  it('a reader that makes no progress while another keeps up stops holding senders back after stallMs', () => {
    const clock = { now: 0 };
    const flow = new FlowControl(options, () => clock.now);
    const stuck = new FakeConnection();
    const other = new FakeConnection();
    flow.register(stuck);
    flow.register(other);
    stuck.queuedBytes = 500;
    flow.queued(stuck);
    expect(other.paused).toBe(true);
    // The other reader took what it was sent after the stuck one's last progress.
    other.lastProgressAt = 5;
    checkUntil(flow, clock, 100);
    expect(other.paused).toBe(true);
    checkUntil(flow, clock, 150);
    expect(other.paused).toBe(false);
    flow.stop();
  });

  it('when no reader makes progress (the machine is slow), push-back goes on until maxStallMs', () => {
    const clock = { now: 0 };
    const flow = new FlowControl(options, () => clock.now);
    const a = new FakeConnection();
    const b = new FakeConnection();
    flow.register(a);
    flow.register(b);
    a.queuedBytes = 500;
    b.queuedBytes = 500;
    flow.queued(a);
    flow.queued(b);
    expect(a.paused && b.paused).toBe(true);
    checkUntil(flow, clock, 950);
    expect(a.paused && b.paused).toBe(true);
    checkUntil(flow, clock, 1000);
    expect(a.paused || b.paused).toBe(false);
    flow.stop();
  });

  it('while most readers lag, one reader keeping up does not make the laggards count as stalled', () => {
    const clock = { now: 0 };
    const flow = new FlowControl(options, () => clock.now);
    const laggards = [new FakeConnection(), new FakeConnection(), new FakeConnection()];
    const keeper = new FakeConnection();
    for (const each of [...laggards, keeper]) flow.register(each);
    for (const each of laggards) {
      each.queuedBytes = 500;
      flow.queued(each);
    }
    checkUntil(flow, clock, 950);
    expect(keeper.paused).toBe(true);
    checkUntil(flow, clock, 1000);
    expect(keeper.paused).toBe(false);
    flow.stop();
  });

  it('a reader whose queue crosses the soft bound holds senders back even when the last count of keepers is stale', () => {
    const clock = { now: 0 };
    const flow = new FlowControl(options, () => clock.now);
    const reader = new FakeConnection();
    const sender = new FakeConnection();
    flow.register(reader);
    flow.register(sender);
    // Everyone kept up at the last count, long ago.
    reader.queuedBytes = 150;
    flow.queued(reader);
    checkUntil(flow, clock, 50);
    reader.queuedBytes = 0;
    reader.lastProgressAt = 50;
    flow.drained(reader);
    expect(sender.paused).toBe(false);
    // Since then both readers (one slow load generator, say) went 200 ms without progress.
    clock.now = 10_000;
    reader.lastProgressAt = 9_800;
    sender.queuedBytes = 50;
    sender.lastProgressAt = 9_800;
    reader.queuedBytes = 150;
    flow.queued(reader);
    expect(sender.paused).toBe(true);
    expect(flow.stalled(reader)).toBe(false);
    flow.stop();
  });

  it('input run by a resume that congests a queue again leaves the connections not yet resumed paused', () => {
    const flow = new FlowControl(options, () => 0);
    const recipient = new FakeConnection();
    const pumped: string[] = [];
    // A session resumed runs the input it held back: its first message takes the recipient over the soft bound.
    class Sender extends FakeConnection {
      constructor(readonly name: string) {
        super();
      }
      override resumeReading(): void {
        super.resumeReading();
        if (this.paused) return;
        pumped.push(this.name);
        recipient.queuedBytes += 150;
        flow.queued(recipient);
      }
    }
    const senders = [new Sender('a'), new Sender('b'), new Sender('c')];
    for (const each of [recipient, ...senders]) flow.register(each);
    recipient.queuedBytes = 150;
    flow.queued(recipient);
    expect(senders.every((each) => each.paused)).toBe(true);
    recipient.queuedBytes = 0;
    flow.drained(recipient);
    expect(pumped).toEqual(['a']);
    expect(senders.every((each) => each.paused)).toBe(true);
    expect(flow.paused).toBe(true);
    // Next time, those left paused go first.
    recipient.queuedBytes = 0;
    flow.drained(recipient);
    expect(pumped).toEqual(['a', 'b']);
    flow.stop();
  });

  it('a reader that made progress lately is not judged stalled at its hard bound; one that did not, is', () => {
    const clock = { now: 0 };
    const flow = new FlowControl(options, () => clock.now);
    const reading = new FakeConnection();
    const stuck = new FakeConnection();
    const others = [new FakeConnection(), new FakeConnection(), new FakeConnection()];
    for (const each of [reading, stuck, ...others]) flow.register(each);
    clock.now = 1_000;
    reading.queuedBytes = 1000;
    reading.lastProgressAt = 950;
    stuck.queuedBytes = 1000;
    stuck.lastProgressAt = 500;
    expect(flow.stalled(reading)).toBe(false);
    expect(flow.stalled(stuck)).toBe(true);
    flow.stop();
  });

  it('a check that runs late (this process was not running) releases nobody before maxStallMs', () => {
    const clock = { now: 0 };
    const flow = new FlowControl(options, () => clock.now);
    const stuck = new FakeConnection();
    const other = new FakeConnection();
    flow.register(stuck);
    flow.register(other);
    stuck.queuedBytes = 500;
    flow.queued(stuck);
    other.lastProgressAt = 5;
    clock.now = 400;
    check(flow);
    expect(other.paused).toBe(true);
    checkUntil(flow, clock, 450);
    expect(other.paused).toBe(false);
    flow.stop();
  });
});

describe('slow consumers on real sockets', () => {
  const testRoom = useTestRoom();

  it('a client that never reads is dropped as slow_consumer and told; it missed nothing silently; the others get every message', async () => {
    const hardBytes = 256 * 1024;
    const port = await testRoom.start({
      rateLimit: 'off',
      textGreetingMs: 5000,
      flow: { softBytes: 32 * 1024, hardBytes, stallMs: 150, maxStallMs: 1000, checkIntervalMs: 50 },
    });
    const sender = await FramedTestClient.login(port, 'sender');
    const reader = await FramedTestClient.login(port, 'reader');
    const sleeper = await FramedTestClient.login(port, 'sleeper');
    testRoom.track(sender);
    testRoom.track(reader);
    testRoom.track(sleeper);
    sleeper.socket.pause();
    let sleeperGone = false;
    let leaveReason: unknown;
    void reader
      .next((f) => f.t === 'left' && f.nick === 'sleeper', 60_000)
      .then((f) => {
        sleeperGone = true;
        leaveReason = f.reason;
        // Read again at once: what the server still had for it, then its goodbye.
        sleeper.socket.resume();
      });

    const text = 'x'.repeat(4000);
    const mids: number[] = [];
    // Kernel buffers absorb several MB before the server's queue grows; send until the sleeper is gone (bounded).
    for (let round = 0; round < 400 && !sleeperGone; round++) {
      const replies = await Promise.all(Array.from({ length: 25 }, () => sender.ok('say', { text })));
      for (const reply of replies) mids.push(reply.mid as number);
    }
    expect(sleeperGone).toBe(true);
    expect(leaveReason).toBe('slow_consumer');
    // The hard bound is a bound: not one frame more.
    expect(testRoom.server.stats().peakQueuedBytes).toBeLessThanOrEqual(hardBytes);

    const received: number[] = [];
    while (received.length < mids.length) {
      const msg = await reader.nextOf('msg', 30_000);
      expect(msg.text).toBe(text);
      received.push(msg.mid as number);
    }
    expect(received).toEqual(mids);
    expect(testRoom.server.room.find('sleeper')).toBeUndefined();
    expect(
      testRoom.server.room
        .list()
        .map((u) => u.nick)
        .sort(),
    ).toEqual(['reader', 'sender']);

    // The sleeper got an unbroken run of messages, then was told why it was let go.
    await sleeper.closed();
    const frames = sleeper.unread();
    const got = frames.filter((f) => f.t === 'msg').map((f) => f.mid as number);
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(mids.slice(0, got.length));
    expect(frames.at(-1)).toMatchObject({ t: 'bye', reason: 'slow_consumer' });
    expect(frames.slice(frames.findIndex((f) => f.t === 'msg' && f.mid === got.at(-1)) + 1).map((f) => f.t)).toEqual([
      'error',
      'bye',
    ]);
  }, 90_000);
});

describe('push-back under a saturating load', () => {
  const testRoom = useTestRoom();

  it('a slow but reading client loses nothing and is not dropped; senders wait instead', async () => {
    const port = await testRoom.start({
      rateLimit: 'off',
      textGreetingMs: 5000,
      // Generous bounds: a starved test process must not look like a stalled reader.
      flow: { softBytes: 32 * 1024, hardBytes: 1024 * 1024, stallMs: 2000, maxStallMs: 5000, checkIntervalMs: 50 },
    });
    const sender = await FramedTestClient.login(port, 'sender');
    const slow = await FramedTestClient.login(port, 'slow');
    testRoom.track(sender);
    testRoom.track(slow);
    // Reads at most one chunk (≤ 64 KiB) every 10 ms: a few MB/s, slower than the sender can send.
    const throttle = (): void => {
      slow.socket.pause();
      setTimeout(() => slow.socket.resume(), 10);
    };
    slow.socket.on('data', throttle);
    try {
      const text = 'y'.repeat(4000);
      const count = 5000; // 20 MB: far more than the kernel buffers hold, so the server's queue must be held down
      for (let sent = 0; sent < count; sent += 50) {
        await Promise.all(Array.from({ length: 50 }, () => sender.ok('say', { text })));
      }
      let received = 0;
      while (received < count) {
        const msg = await slow.nextOf('msg', 30_000);
        expect(msg.text).toBe(text);
        received++;
      }
      expect(testRoom.server.room.find('slow')).toBeDefined();
      // Push-back held every queue near the soft bound: far from the hard bound, so memory stayed bounded.
      expect(testRoom.server.stats().peakQueuedBytes).toBeLessThan(256 * 1024);
      expect(slow.unread().filter((f) => f.t === 'bye')).toEqual([]);
    } finally {
      slow.socket.off('data', throttle);
    }
  }, 90_000);
});
