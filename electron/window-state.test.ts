import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, loadWindowState, placeWindow, saveWindowState } from './window-state.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window placement', () => {
  it('restores saved bounds that are on a display, and never below the minimum size', () => {
    expect(placeWindow({ bounds: { x: 50, y: 60, width: 900, height: 700 }, maximized: false }, screen)).toEqual({
      x: 50,
      y: 60,
      width: 900,
      height: 700,
    });
    expect(placeWindow({ bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }, screen)).toMatchObject({
      width: 640,
      height: 480,
    });
  });

  it('drops the position of a window whose monitor is gone (keeps its size), and defaults on first run', () => {
    expect(placeWindow({ bounds: { x: 3000, y: 100, width: 900, height: 700 }, maximized: false }, screen)).toEqual({
      width: 900,
      height: 700,
    });
    expect(placeWindow(undefined, screen)).toEqual(DEFAULT_SIZE);
  });

  it('saves and loads the state, ignoring a corrupt file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-ws-'));
    const file = join(dir, 'window-state.json');
    await saveWindowState(file, { bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true });
    expect(await loadWindowState(file)).toEqual({ bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: true });
    await writeFile(file, '{"bounds": {"x": "a"}}');
    expect(await loadWindowState(file)).toBeUndefined();
    await rm(dir, { recursive: true, force: true });
  });
});
