/**
 * The UTS #39 confusable skeleton: two strings that look alike have the same skeleton. skeleton(X) = NFD(X), without
 * default-ignorable code points, each character replaced by its prototype from confusables.txt, NFD again
 * (https://www.unicode.org/reports/tr39/#def-skeleton). The table is generated: scripts/generate-confusables.ts.
 */
import { CONFUSABLE_ENTRIES, CONFUSABLES_VERSION } from './confusables-data.js';

export { CONFUSABLES_VERSION };

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

let prototypes: Map<number, string> | undefined;

function table(): Map<number, string> {
  if (prototypes) return prototypes;
  prototypes = new Map();
  for (const line of CONFUSABLE_ENTRIES) {
    for (const entry of line.split(',')) {
      const [source, target] = entry.split(':') as [string, string];
      const text = String.fromCodePoint(...target.split(' ').map((hex) => Number.parseInt(hex, 16)));
      prototypes.set(Number.parseInt(source, 16), text);
    }
  }
  return prototypes;
}

/** The UTS #39 skeleton of `text` (case-sensitive, as the standard defines it). */
export function skeleton(text: string): string {
  const map = table();
  let out = '';
  for (const char of text.normalize('NFD')) {
    if (IGNORABLE.test(char)) continue;
    out += map.get(char.codePointAt(0)!) ?? char;
  }
  return out.normalize('NFD');
}
