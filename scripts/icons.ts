import sharp from 'sharp';
import png2icons from 'png2icons';

/** Side of the master PNG: macOS wants 1024 px for its largest (512 pt @2x) slot. */
export const MASTER_SIZE = 1024;

export interface AppIcons {
  png: Buffer;
  icns: Buffer;
  ico: Buffer;
}

/** Renders the SVG source once at 1024 px, then derives the macOS and Windows containers from that PNG. */
export async function renderIcons(svg: Buffer): Promise<AppIcons> {
  const png = await sharp(svg, { density: 144 })
    .resize(MASTER_SIZE, MASTER_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png({ compressionLevel: 9 })
    .toBuffer();
  const icns = png2icons.createICNS(png, png2icons.BICUBIC2, 0);
  // forWinExe: PNG entries from 64 px up, BMP below, so Explorer's properties dialog shows it on every Windows.
  const ico = png2icons.createICO(png, png2icons.BICUBIC2, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not convert the rendered PNG');
  return { png, icns, ico };
}
