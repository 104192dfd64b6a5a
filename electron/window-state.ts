/**
 * Remembers the main window's size, position and maximized state between runs, and puts it back only where a
 * display can show it (a monitor may have been unplugged since).
 */
import { readFile } from 'node:fs/promises';
import { writeAtomic } from '../main/app/settings-store.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1100, height: 760 };
export const MIN_SIZE = { width: 640, height: 480 };

function isRect(value: unknown): value is Rect {
  const r = value as Partial<Rect> | null;
  return !!r && [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n));
}

export async function loadWindowState(file: string): Promise<WindowState | undefined> {
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as Partial<WindowState>;
    if (!isRect(raw.bounds)) return undefined;
    return { bounds: raw.bounds, maximized: raw.maximized === true };
  } catch {
    return undefined;
  }
}

export function saveWindowState(file: string, state: WindowState): Promise<void> {
  return writeAtomic(file, JSON.stringify(state));
}

/** The saved bounds if at least 100×50 px of the window's top part lies on some display; else a centred default. */
export function placeWindow(
  saved: WindowState | undefined,
  workAreas: readonly Rect[],
): Partial<Rect> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const width = Math.max(MIN_SIZE.width, Math.round(saved.bounds.width));
  const height = Math.max(MIN_SIZE.height, Math.round(saved.bounds.height));
  const { x, y } = saved.bounds;
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(x + width, area.x + area.width) - Math.max(x, area.x);
    const titleVisible = y >= area.y && y + 50 <= area.y + area.height;
    return overlapX >= 100 && titleVisible;
  });
  return visible ? { x: Math.round(x), y: Math.round(y), width, height } : { width, height };
}
