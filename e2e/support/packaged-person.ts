/**
 * A person in the PACKAGED app (dist/, as users install it). Playwright's Electron driver needs `--inspect`, which the
 * packaged binary refuses (nodeCliInspect fuse off), so the app is started with Chromium's --remote-debugging-port
 * and driven over CDP: the page only, nothing in the main process is replaced. Files are sent the way a person drops
 * them from the file manager (CDP Input.dispatchDragEvent with real paths), through the preload's webUtils path and
 * main's drop record; main's native dialogs cannot be answered from here, so no scenario may open one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { PersonApp } from './person.js';

export interface PackagedPerson extends PersonApp {
  /** Drops files from disk on `target`, as the OS does: the page gets Files that have disk paths. */
  dropFiles(target: Locator, paths: string[]): Promise<void>;
  /** What the app wrote to stderr so far. */
  stderr(): string;
}

function devtoolsEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no DevTools endpoint after ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${code}) before it could be driven:\n${seen}`));
    });
  });
}

async function ourPage(browser: Browser): Promise<Page> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const context of browser.contexts())
      for (const page of context.pages()) if (page.url().startsWith('app://sarangbang/')) return page;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the packaged app never showed app://sarangbang/index.html');
}

export async function openPackagedPerson(
  executable: string,
  tmp: string,
  profileName: string,
): Promise<PackagedPerson> {
  const userData = join(tmp, 'packaged', profileName);
  const downloadDir = join(userData, 'Downloads');
  await mkdir(userData, { recursive: true });
  // No nickname: the person goes through the first-run screen.
  await writeFile(join(userData, 'settings.json'), JSON.stringify({ downloadDir }));
  const child = spawn(executable, ['--remote-debugging-port=0', `--user-data-dir=${userData}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SARANGBANG_NO_UPDATE: '1', SARANGBANG_NO_DISCOVERY: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  };
  try {
    const browser = await chromium.connectOverCDP(await devtoolsEndpoint(child, 60_000));
    const page = await ourPage(browser);
    await page.setViewportSize({ width: 1280, height: 800 }).catch(() => undefined);
    const unsupported = (what: string) => () => Promise.reject(new Error(`${what}: not possible in the packaged app`));
    return {
      page,
      downloadDir,
      stderr: () => stderr,
      queueFilePick: unsupported('answering the native file dialog'),
      revealedFiles: unsupported('observing "Show in folder"'),
      async dropFiles(target, paths) {
        await target.waitFor();
        const box = await target.boundingBox();
        if (!box) throw new Error('the drop target is not on screen');
        const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        const cdp = await page.context().newCDPSession(page);
        const data = { items: [], files: paths, dragOperationsMask: 1 };
        for (const type of ['dragEnter', 'dragOver', 'drop'] as const)
          await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
        await cdp.detach();
      },
      async close() {
        await browser.close().catch(() => undefined);
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
