/** The host's banned-word list: case-insensitive substring match after Unicode NFC. */

export type BannedWordCheck = (text: string) => boolean;

export function createBannedWordCheck(words: readonly string[]): BannedWordCheck {
  const needles = words.map((word) => word.normalize('NFC').trim().toLowerCase()).filter((word) => word.length > 0);
  if (needles.length === 0) return () => false;
  return (text) => {
    const haystack = text.normalize('NFC').toLowerCase();
    return needles.some((needle) => haystack.includes(needle));
  };
}

/** Parses a banned-words file: one word or phrase per line; blank lines and lines starting with `#` are skipped. */
export function parseBannedWords(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}
