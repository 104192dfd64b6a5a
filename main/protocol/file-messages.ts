/**
 * File-transfer messages (offer, consent, data connections, results). Owned by the file-transfer work (issue 3);
 * see docs/PROTOCOL.md, section "Files". This first cut may be reshaped by that work.
 */

export interface FileDescriptor {
  name: string;
  /** Bytes; a 64-bit-safe integer (≤ Number.MAX_SAFE_INTEGER). */
  size: number;
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
}

export type FileClientMessage = never;
export type FileServerMessage = never;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FileResults {}
