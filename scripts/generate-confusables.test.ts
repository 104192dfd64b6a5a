import { describe, expect, it } from 'vitest';
import { CONFUSABLE_ENTRIES, CONFUSABLES_VERSION } from '../main/protocol/confusables-data.js';
import { parseConfusables, renderModule } from './generate-confusables.js';

const SAMPLE = `# confusables.txt
# Date: 2025-07-22, 05:49:37 GMT
# Version: 17.0.0
0430 ;\t0061 ;\tMA\t# ( а → a ) CYRILLIC SMALL LETTER A → LATIN SMALL LETTER A\t#

006D ;\t0072 006E ;\tMA\t# ( m → rn ) LATIN SMALL LETTER M → LATIN SMALL LETTER R, LATIN SMALL LETTER N\t#
1D41A ;\t0061 ;\tMA\t# ( 𝐚 → a ) MATHEMATICAL BOLD SMALL A → LATIN SMALL LETTER A\t#
`;

describe('generate-confusables', () => {
  it('keeps each mapping as hex, sorted by source, with the version and date of the file', () => {
    const source = parseConfusables(SAMPLE);
    expect(source).toEqual({
      version: '17.0.0',
      date: '2025-07-22, 05:49:37 GMT',
      entries: ['6d:72 6e', '430:61', '1d41a:61'],
    });
    expect(renderModule(source)).toContain(`export const CONFUSABLES_VERSION = '17.0.0';`);
  });

  it('refuses a file that is not confusables.txt', () => {
    expect(() => parseConfusables('hello')).toThrow(/not a confusables.txt/u);
    expect(() => parseConfusables('# Date: x\n# Version: 1.0.0\n0041 ; 0061 ; XX\n')).toThrow(/unexpected line/u);
  });

  it('the committed table is a whole confusables.txt', () => {
    expect(CONFUSABLES_VERSION).toBe('17.0.0');
    expect(CONFUSABLE_ENTRIES.join(',').split(',').length).toBeGreaterThan(6000);
  });
});
