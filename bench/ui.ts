/**
 * `npm run bench:ui`: the renderer's performance in real Chromium, against the BUILT renderer served by the browser
 * bridge (the same handler table as Electron), in a real room. Messages are real server traffic: a headless client
 * floods an in-process room server (rate limit off) over TCP; the page's app session receives them like any member.
 *
 *   (a) 100,000 messages in one room: time until the first / the last is on screen, then the longest main-thread
 *       task (longtask / long-animation-frame) while scrolling the list end to end. Target ≤ 50 ms.
 *   (b) 1,000 incoming messages a second for 10 s while typing in the composer: keydown → next frame, p99.
 *       Target ≤ 50 ms.
 *   (c) the renderer's JavaScript, gzipped (zlib -9): what the first screen loads (target ≤ 150 KB) and all chunks.
 *
 * Bounded: every wait has a timeout and the whole run is capped at 10 minutes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startBrowserApp } from '../main/app/browser/browser-bridge.js';
import { createClientSession, type ClientSession } from '../main/client/session.js';
import { createRoomServer } from '../main/gateway/server.js';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.js';
import { ensureRendererBuilt, RENDERER_OUT } from '../e2e/support/renderer-build.js';
import { describeRendererSize, rendererSize } from './renderer-size.js';

const TOTAL = 100_000;
const BURST_RATE = 1_000;
const BURST_SECONDS = 10;
/** Sessions sending the flood and the burst (each one's outbox has one message in flight at a time). */
const FLOODERS = 16;
/** Messages queued per flooder's outbox, so it never waits for the bench between two answers. */
const IN_FLIGHT = 4;

const cap = setTimeout(() => {
  console.error('bench:ui: gave up after 10 minutes');
  process.exit(1);
}, 10 * 60_000);
cap.unref();

const line = (i: number): string =>
  `m${i}. Lorem ipsum dolor sit amet, consectetur adipiscing elit ${i % 97 === 0 ? 'https://example.com/x ' : ''}— 사랑방`;

/** Page-side probes: long tasks and long animation frames, and keydown → next frame latency. */
function installProbes(): void {
  type Loaf = PerformanceEntry & {
    renderStart: number;
    styleAndLayoutStart: number;
    scripts: { invoker: string; duration: number; forcedStyleAndLayoutDuration: number }[];
  };
  const w = window as unknown as {
    __long: { type: string; start: number; duration: number; what?: string }[];
    __input: number[];
  };
  w.__long = [];
  w.__input = [];
  // Where a long frame's time went: scripts (the longest named), forced layout inside them, and rendering.
  const what = (e: Loaf): string => {
    const scripts = e.scripts ?? [];
    const run = scripts.reduce((sum, s) => sum + s.duration, 0);
    const forced = scripts.reduce((sum, s) => sum + s.forcedStyleAndLayoutDuration, 0);
    const top = [...scripts].sort((a, b) => b.duration - a.duration)[0];
    const render = e.renderStart > 0 ? e.startTime + e.duration - e.renderStart : 0;
    const layout = e.styleAndLayoutStart > 0 ? e.startTime + e.duration - e.styleAndLayoutStart : 0;
    return `scripts ${run.toFixed(0)} ms (forced layout ${forced.toFixed(0)}; longest ${top ? `${top.invoker} ${top.duration.toFixed(0)}` : '-'}), rendering ${render.toFixed(0)} ms (style+layout ${layout.toFixed(0)})`;
  };
  for (const type of ['longtask', 'long-animation-frame']) {
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          w.__long.push({
            type,
            start: e.startTime,
            duration: e.duration,
            what: type === 'long-animation-frame' ? what(e as Loaf) : undefined,
          });
      }).observe({ type, buffered: true });
    } catch {
      /* entry type not supported */
    }
  }
  document.addEventListener(
    'keydown',
    (event) => {
      const t0 = event.timeStamp;
      // rAF runs just before the frame is produced; the task after it runs once that frame is painted.
      requestAnimationFrame(() => setTimeout(() => w.__input.push(performance.now() - t0), 0));
    },
    true,
  );
}

interface Longest {
  longtask: number;
  loaf: number;
  /** How many long animation frames (≥ 50 ms), and where the longest one's time went. */
  loafs: number;
  worst: string;
}

async function longestSince(page: Page, since: number): Promise<Longest> {
  return page.evaluate((from) => {
    const all = (
      window as unknown as { __long: { type: string; start: number; duration: number; what?: string }[] }
    ).__long.filter((e) => e.start >= from);
    const max = (type: string) => Math.max(0, ...all.filter((e) => e.type === type).map((e) => e.duration));
    const loafs = all.filter((e) => e.type === 'long-animation-frame').sort((a, b) => b.duration - a.duration);
    return {
      longtask: max('longtask'),
      loaf: max('long-animation-frame'),
      loafs: loafs.length,
      worst: loafs[0]?.what ?? '',
    };
  }, since);
}

/** "3 frames ≥ 50 ms; the longest: scripts …" (nothing when there were none). */
const breakdown = (l: Longest): string =>
  l.loafs === 0 ? '' : `\n      ${l.loafs} frames ≥ 50 ms; the longest: ${l.worst}`;

const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** Waits until `text` is on screen in the log; keeps the list at the bottom (as a reader following along would). */
async function waitForText(page: Page, text: string, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (t) => {
      const el = document.querySelector('[role=log]');
      if (!el) return false;
      if (el.textContent?.includes(t)) return true;
      el.scrollTop = el.scrollHeight;
      return false;
    },
    text,
    { polling: 100, timeout: timeoutMs },
  );
}

/** Records (page clock) when the first flood message shows up in the log. */
function watchFirstMessage(): void {
  const w = window as unknown as { __first?: number };
  const el = document.querySelector('[role=log]')!;
  const observer = new MutationObserver(() => {
    if (/m\d+\. Lorem/.test(el.textContent ?? '')) {
      w.__first = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(el, { childList: true, subtree: true, characterData: true });
}

/**
 * Sends messages `from`..`from + count - 1` as fast as the server acknowledges them, spread over the flooders (a
 * session's outbox sends one message at a time and waits for its answer, so one session alone runs at one round trip
 * per message). The last message goes after all the others, so it is the last to arrive.
 */
async function flood(sessions: ClientSession[], from: number, count: number): Promise<void> {
  let next = from;
  const last = from + count - 1;
  const worker = async (session: ClientSession) => {
    while (next < last) await session.say(line(next++));
  };
  await Promise.all(sessions.flatMap((session) => Array.from({ length: IN_FLIGHT }, () => worker(session))));
  await sessions[0]!.say(line(last));
}

/** Scrolls the list to the top, then down to the bottom in 200 jumps and 150 wheel-sized steps, a frame each. */
async function scrollEndToEnd(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const el = document.querySelector<HTMLElement>('[role=log]')!;
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
    const started = performance.now();
    el.scrollTop = 0;
    await frame();
    await frame();
    for (let i = 0; i < 150; i++) {
      el.scrollTop += 120;
      await frame();
    }
    for (let i = 1; i <= 200; i++) {
      el.scrollTop = (el.scrollHeight * i) / 200;
      await frame();
    }
    el.scrollTop = el.scrollHeight;
    await frame();
    await frame();
    return performance.now() - started;
  });
}

/** The page's main-thread time so far, by kind (Chromium's Performance.getMetrics, in seconds). */
interface MainThread {
  task: number;
  script: number;
  style: number;
  layout: number;
}

async function mainThreadMeter(page: Page): Promise<() => Promise<MainThread>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return {
      task: get('TaskDuration'),
      script: get('ScriptDuration'),
      style: get('RecalcStyleDuration'),
      layout: get('LayoutDuration'),
    };
  };
}

/** "main thread busy 12.3 s (scripts 4.1, style 0.9, layout 2.2)" between two readings. */
const busy = (from: MainThread, to: MainThread): string =>
  `main thread busy ${(to.task - from.task).toFixed(1)} s (scripts ${(to.script - from.script).toFixed(1)}, style ${(to.style - from.style).toFixed(1)}, layout ${(to.layout - from.layout).toFixed(1)})`;

async function startProfile(page: Page): Promise<(path: string) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async (path) => {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(path, JSON.stringify(profile));
    await cdp.detach();
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;
/** Chromium reports only tasks and frames of 50 ms or more. */
const longest = (n: number): string => (n === 0 ? 'none ≥ 50 ms' : ms(n));
const verdict = (value: number, target: number): string => (value <= target ? 'ok' : 'MISSED');
/** The machine's 1-minute load average (as `uptime` says it): the machine is shared, figures move with it. */
const load = (): string => `load ${loadavg()[0]!.toFixed(2)}`;

async function main(): Promise<void> {
  await ensureRendererBuilt((l) => console.log(l));
  const bundle = await rendererSize(RENDERER_OUT);
  const server = createRoomServer({ rateLimit: 'off', maxUsers: FLOODERS + 8 });
  const { port } = await server.listen(0, '127.0.0.1');
  const profileDir = await mkdtemp(join(tmpdir(), 'sb-bench-ui-'));
  // BENCH_UI_RENDERER: serve another build (e.g. an unminified one, to read a profile); BENCH_UI_PROFILE: a folder
  // for CPU profiles (.cpuprofile) of the arrival, the scroll and the burst; BENCH_UI_TRACE: see the scroll below.
  const rendererDir = process.env.BENCH_UI_RENDERER ?? RENDERER_OUT;
  const profileOut = process.env.BENCH_UI_PROFILE;
  const app = await startBrowserApp({ rendererDir, profileDir });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const flooders: ClientSession[] = [];
  const cores = `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), shared`;
  console.log(
    `bench:ui — Chromium ${browser.version()}, ${cores}; messages via real server traffic (headless client, rate limit off)`,
  );
  // Each figure is printed once measured (with the load then), so a run cut short still reports what it measured.
  console.log(
    `(c) renderer JS: ${describeRendererSize(bundle)} — target first screen ≤ 150 KB: ${verdict(bundle.initial.gzip, 150)}`,
  );
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    // tsx (esbuild keepNames) wraps named inner functions in __name(); the page needs a no-op one.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(installProbes);
    await page.goto(app.urlFor('reader'));
    await page.getByLabel('Nickname').fill('reader');
    await page.getByRole('button', { name: 'Get started' }).click();
    await page.getByLabel('Host address').fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('log').waitFor({ timeout: 30_000 });
    const mainThread = await mainThreadMeter(page);

    for (let i = 1; i <= FLOODERS; i++) {
      const flooder = createClientSession({
        host: '127.0.0.1',
        port,
        nick: `flood${i}`,
        reconnect: false,
        rttIntervalMs: 0,
        requestTimeoutMs: 120_000,
      });
      flooders.push(flooder);
      await flooder.connect();
    }
    await waitForText(page, `flood${FLOODERS}`, 30_000);

    // (a) 100,000 messages.
    console.log(`(a) sending ${TOTAL.toLocaleString('en')} messages through the room server… (${load()})`);
    await page.evaluate(watchFirstMessage);
    const ingestFrom = await pageNow(page);
    const ingestMain = await mainThread();
    const stopIngestProfile = profileOut ? await startProfile(page) : undefined;
    const t0 = performance.now();
    const sent = flood(flooders, 1, TOTAL);
    await page.waitForFunction(() => (window as unknown as { __first?: number }).__first !== undefined, undefined, {
      polling: 50,
      timeout: 60_000,
    });
    const firstShown = (await page.evaluate(() => (window as unknown as { __first: number }).__first)) - ingestFrom;
    await sent;
    const sentAll = performance.now() - t0;
    await waitForText(page, `m${TOTAL}.`, 300_000);
    const lastShown = performance.now() - t0;
    await stopIngestProfile?.(join(profileOut ?? '', 'ingest.cpuprofile'));
    const ingest = await longestSince(page, ingestFrom);
    const scrollMain = await mainThread();
    const ingestWorst = Math.max(ingest.longtask, ingest.loaf);
    const scrollFrom = await pageNow(page);
    const stopProfile = profileOut ? await startProfile(page) : undefined;
    // BENCH_UI_TRACE: a Chromium trace of the scroll (which event handlers and rendering steps a frame ran).
    const traceOut = process.env.BENCH_UI_TRACE;
    if (traceOut)
      await browser.startTracing(page, {
        path: traceOut,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'],
      });
    const scrollMs = await scrollEndToEnd(page);
    if (traceOut) await browser.stopTracing();
    await stopProfile?.(join(profileOut ?? '', 'scroll.cpuprofile'));
    const scroll = await longestSince(page, scrollFrom);
    const scrolledMain = await mainThread();
    const scrollWorst = Math.max(scroll.longtask, scroll.loaf);

    console.log(
      `(a) ${TOTAL.toLocaleString('en')} messages: first on screen ${ms(firstShown)}; all sent ${(sentAll / 1000).toFixed(1)} s; last on screen ${(lastShown / 1000).toFixed(1)} s; ${busy(ingestMain, scrollMain)}`,
    );
    console.log(
      `    longest task while they arrived: longtask ${longest(ingest.longtask)}, long-animation-frame ${longest(ingest.loaf)} — target ≤ 50 ms: ${verdict(ingestWorst, 50)} (${load()})${breakdown(ingest)}`,
    );
    console.log(
      `    scroll end to end (${ms(scrollMs)}; ${busy(scrollMain, scrolledMain)}): longest longtask ${longest(scroll.longtask)}, long-animation-frame ${longest(scroll.loaf)} — target ≤ 50 ms: ${verdict(scrollWorst, 50)} (${load()})${breakdown(scroll)}`,
    );

    // (b) a 1,000/s burst while typing.
    console.log(`(b) ${BURST_RATE}/s for ${BURST_SECONDS} s while typing… (${load()})`);
    const box = page.getByRole('textbox').first();
    await box.click();
    await page.evaluate(() => ((window as unknown as { __input: number[] }).__input.length = 0));
    const burstFrom = await pageNow(page);
    const burstMain = await mainThread();
    const stopBurstProfile = profileOut ? await startProfile(page) : undefined;
    let burstSent = 0;
    const burstTotal = BURST_RATE * BURST_SECONDS;
    const burstStart = performance.now();
    const pending: Promise<unknown>[] = [];
    const pacer = setInterval(() => {
      const due = Math.min(burstTotal, Math.floor(((performance.now() - burstStart) / 1000) * BURST_RATE));
      for (; burstSent < due; burstSent++)
        pending.push(flooders[burstSent % FLOODERS]!.say(line(TOTAL + 1 + burstSent)));
      if (burstSent >= burstTotal) clearInterval(pacer);
    }, 10);
    let typed = 0;
    while (burstSent < burstTotal) {
      await page.keyboard.type('hello ', { delay: 40 });
      typed += 6;
      if (typed >= 120) {
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
        typed = 0;
      }
    }
    await Promise.all(pending);
    await stopBurstProfile?.(join(profileOut ?? '', 'burst.cpuprofile'));
    await waitForText(page, `m${TOTAL + burstTotal}.`, 120_000);
    const inputs = await page.evaluate(() => (window as unknown as { __input: number[] }).__input.slice());
    const burst = await longestSince(page, burstFrom);
    const burstedMain = await mainThread();
    const p99 = percentile(inputs, 99);

    console.log(
      `(b) ${inputs.length} keystrokes during the burst: input→frame p50 ${ms(percentile(inputs, 50))}, p99 ${ms(p99)}, max ${ms(Math.max(...inputs))} — target p99 ≤ 50 ms: ${verdict(p99, 50)}`,
    );
    console.log(
      `    ${busy(burstMain, burstedMain)}; longest task during the burst: longtask ${longest(burst.longtask)}, long-animation-frame ${longest(burst.loaf)} (${load()})${breakdown(burst)}`,
    );
  } finally {
    await Promise.all(flooders.map((flooder) => flooder.close().catch(() => undefined)));
    await browser.close();
    await app.close();
    await server.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

await main();
clearTimeout(cap);
