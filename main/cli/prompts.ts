/**
 * Questions waiting for the terminal user's y/n: 1:1 requests and file offers. A bare `y` or `n` (or /accept,
 * /decline without a nick) answers the latest one; with a nick, the latest one from that user. A line of numbers
 * (`1 3`) answers the latest offer of several files: those files are accepted, the rest declined.
 */
import { nickKey } from '../protocol/nickname.js';

export interface Prompt {
  kind: 'with' | 'file';
  /** The file offer's id; empty for a 1:1 request (there is at most one per asker). */
  id: string;
  /** Who asked; kept current across renames. */
  from: string;
  /** How many files an offer holds (the numbers a choice may use); 0 for a 1:1 request. */
  files: number;
  /** true or false, or for an offer the 0-based indexes of the files to accept. */
  answer(choice: boolean | number[], from: string): Promise<unknown>;
}

/** `1 3`, `1,3` or `2`: 1-based file numbers as 0-based indexes, or undefined if the line is not only numbers. */
export function parseFileChoice(line: string): number[] | undefined {
  if (!/^\d+(?:\s*[ ,]\s*\d+)*$/.test(line.trim())) return undefined;
  return [
    ...new Set(
      line
        .trim()
        .split(/[\s,]+/)
        .map((n) => Number(n) - 1),
    ),
  ].sort((a, b) => a - b);
}

export class PromptQueue {
  private readonly items: Prompt[] = [];

  get size(): number {
    return this.items.length;
  }

  add(prompt: Prompt): void {
    if (prompt.kind === 'with') this.removeWith(prompt.from);
    else this.removeFile(prompt.id);
    this.items.push(prompt);
  }

  removeWith(from: string): void {
    this.removeWhere((item) => item.kind === 'with' && nickKey(item.from) === nickKey(from));
  }

  removeFile(id: string): void {
    this.removeWhere((item) => item.kind === 'file' && item.id === id);
  }

  /** Someone left: their questions cannot be answered any more. */
  removeFrom(nick: string): void {
    this.removeWhere((item) => nickKey(item.from) === nickKey(nick));
  }

  renamed(from: string, to: string): void {
    for (const item of this.items) if (nickKey(item.from) === nickKey(from)) item.from = to;
  }

  /** Takes the latest question, or the latest from `from`. */
  take(from?: string): Prompt | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
      if (item && (from === undefined || nickKey(item.from) === nickKey(from))) return this.items.splice(i, 1)[0];
    }
    return undefined;
  }

  /** The latest question, left in place. */
  latest(): Prompt | undefined {
    return this.items.at(-1);
  }

  private removeWhere(match: (item: Prompt) => boolean): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
      if (item && match(item)) this.items.splice(i, 1);
    }
  }

  clear(): void {
    this.items.length = 0;
  }
}
