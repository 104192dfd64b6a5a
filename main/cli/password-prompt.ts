/**
 * Asks for a password on a terminal with echo off: the terminal is put in raw mode (when it is one) and nothing
 * typed is written back. Enter ends the answer; Ctrl+C or Ctrl+D (or the end of input) gives up.
 */
import type { Readable, Writable } from 'node:stream';

interface RawCapable {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

const ENTER = new Set(['\r', '\n']);
const GIVE_UP = new Set(['\u0003', '\u0004']);
const ERASE = new Set(['\u007f', '\b']);

/** Resolves with what was typed, or undefined when the user gave up. */
export function askHidden(input: Readable, output: Writable, question: string): Promise<string | undefined> {
  const tty = input as Readable & RawCapable;
  const raw = tty.isTTY === true && typeof tty.setRawMode === 'function';
  output.write(question);
  if (raw) tty.setRawMode?.(true);
  return new Promise((resolve) => {
    let typed: string[] = [];
    const done = (answer: string | undefined): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      if (raw) tty.setRawMode?.(false);
      input.pause();
      output.write('\n');
      resolve(answer);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of String(chunk)) {
        if (ENTER.has(char)) return done(typed.join(''));
        if (GIVE_UP.has(char)) return done(undefined);
        if (ERASE.has(char)) typed = typed.slice(0, -1);
        else typed.push(char);
      }
    };
    const onEnd = (): void => done(undefined);
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
