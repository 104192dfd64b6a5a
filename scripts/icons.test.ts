import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { MASTER_SIZE, renderIcons, type AppIcons } from './icons.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Chunk types and lengths of an Apple ICNS container ('icns', total length, then type+length records). */
function icnsChunks(icns: Buffer): Map<string, number> {
  expect(icns.toString('latin1', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const chunks = new Map<string, number>();
  for (let at = 8; at < icns.length;) {
    const length = icns.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    chunks.set(icns.toString('latin1', at, at + 4), length);
    at += length;
  }
  return chunks;
}

/** Pixel sizes listed in an ICO directory (a width byte of 0 means 256). */
function icoSizes(ico: Buffer): number[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
}

async function meanPixelDifference(a: Buffer, b: Buffer): Promise<number> {
  const raw = (png: Buffer) => sharp(png).resize(256, 256).ensureAlpha().raw().toBuffer();
  const [x, y] = await Promise.all([raw(a), raw(b)]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs((x[i] ?? 0) - (y[i] ?? 0));
  return sum / x.length;
}

describe('app icons', () => {
  let fresh: AppIcons;
  beforeAll(async () => {
    fresh = await renderIcons(await readFile(`${root}assets/icon.svg`));
  });

  it('renders a square 1024 px PNG with transparent corners for the rounded tile', async () => {
    const meta = await sharp(fresh.png).metadata();
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([MASTER_SIZE, MASTER_SIZE, true]);
    const corner = await sharp(fresh.png).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer();
    expect(corner[3]).toBe(0);
    const centre = await sharp(fresh.png).extract({ left: 512, top: 512, width: 1, height: 1 }).raw().toBuffer();
    expect(centre[3]).toBe(255);
  });

  it('builds an ICNS with the retina slots macOS uses, up to 512 pt @2x', () => {
    const chunks = icnsChunks(fresh.icns);
    for (const type of ['ic07', 'ic08', 'ic09', 'ic10', 'ic13', 'ic14']) expect(chunks.has(type), type).toBe(true);
  });

  it('builds an ICO with the sizes Windows asks for, from 16 to 256 px', () => {
    const sizes = icoSizes(fresh.ico);
    for (const size of [16, 24, 32, 48, 64, 256]) expect(sizes).toContain(size);
  });

  it('has committed build/ icons that match the current SVG (run `npm run icons` after editing it)', async () => {
    const [png, icns, ico] = await Promise.all(
      ['png', 'icns', 'ico'].map((ext) => readFile(`${root}build/icon.${ext}`)),
    );
    expect((await sharp(png).metadata()).width).toBe(MASTER_SIZE);
    expect(await meanPixelDifference(png!, fresh.png)).toBeLessThan(2);
    expect(icnsChunks(icns!).has('ic10')).toBe(true);
    expect(icoSizes(ico!)).toContain(256);
  });
});
