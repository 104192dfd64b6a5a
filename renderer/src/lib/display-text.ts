/**
 * Peer text arrives from other machines and may carry terminal escapes (course C clients, `nc`) or bidi controls
 * meant to disguise text ("invoice\u202Efdp.exe"). These helpers make it safe to *show*; React still renders the
 * result as text, never HTML.
 */

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-byte ESC sequences, and 8-bit CSI.
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

// C0/C1 controls except tab and newline, plus DEL.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

// Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI) and the invisible marks LRM/RLM/ALM.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Message bodies: escapes and control characters removed, bidi controls removed, newlines and tabs kept. */
export function displayText(text: string): string {
  return stripAnsi(text).replace(CONTROLS, '').replace(BIDI_CONTROLS, '');
}

/** Names (nicknames, file names): one line, no controls, long names cut with an ellipsis. */
export function displayName(name: string, maxChars = 64): string {
  const clean = stripAnsi(name)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI_CONTROLS, '');
  const chars = Array.from(clean);
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : clean;
}

/** Initials for an avatar: the first visible character, upper-cased. */
export function initial(name: string): string {
  const first = Array.from(displayName(name).trim())[0];
  return first ? first.toLocaleUpperCase() : '?';
}

/** A stable hue per nickname so people are easy to tell apart. */
export function nickHue(name: string): number {
  let hash = 0;
  for (const ch of name.toLowerCase()) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) | 0;
  return Math.abs(hash) % 360;
}
