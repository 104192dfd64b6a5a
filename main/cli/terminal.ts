/**
 * Line input and output for the terminal client. On a TTY: a prompt that is redrawn below incoming lines, and tab
 * completion. Piped: no prompt and no redraw, one line in, plain lines out, so it can be scripted.
 */
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface TerminalIO {
  input: Readable;
  output: Writable;
  /** Force TTY behaviour on or off; default: whether both streams are TTYs. */
  tty?: boolean;
}

export type Completer = (line: string) => [string[], string];

export class Terminal {
  readonly tty: boolean;
  private readonly rl: readline.Interface;
  private closed = false;

  constructor(
    private readonly io: TerminalIO,
    completer?: Completer,
  ) {
    this.tty = io.tty ?? Boolean((io.input as { isTTY?: boolean }).isTTY && (io.output as { isTTY?: boolean }).isTTY);
    this.rl = readline.createInterface({
      input: io.input,
      output: this.tty ? io.output : undefined,
      terminal: this.tty,
      ...(this.tty && completer ? { completer } : {}),
      historySize: this.tty ? 200 : 0,
    });
    this.rl.on('close', () => {
      this.closed = true;
    });
  }

  onLine(listener: (line: string) => void): void {
    this.rl.on('line', listener);
  }

  /** End of input (Ctrl+D or EOF on a pipe). */
  onEnd(listener: () => void): void {
    this.rl.on('close', listener);
  }

  /** Ctrl+C on a TTY. */
  onInterrupt(listener: () => void): void {
    this.rl.on('SIGINT', listener);
  }

  setPrompt(prompt: string): void {
    this.rl.setPrompt(prompt);
    if (this.tty && !this.closed) this.rl.prompt(true);
  }

  /** Shows the prompt (TTY only). */
  prompt(): void {
    if (this.tty && !this.closed) this.rl.prompt(true);
  }

  /** Prints a line (or several) above the prompt, keeping what the user is typing. */
  print(text: string): void {
    if (!this.tty || this.closed) {
      this.io.output.write(`${text}\n`);
      return;
    }
    readline.clearLine(this.io.output, 0);
    readline.cursorTo(this.io.output, 0);
    this.io.output.write(`${text}\n`);
    this.rl.prompt(true);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.tty) {
      readline.clearLine(this.io.output, 0);
      readline.cursorTo(this.io.output, 0);
    }
    this.rl.close();
  }

  /** Resolves once everything printed so far has been handed to the output stream. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      if (this.io.output.writableLength === 0) resolve();
      else this.io.output.write('', () => resolve());
    });
  }
}
