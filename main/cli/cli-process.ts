/** Test helper: runs `bin/sarangbang.js` as a child process with piped stdio, and waits for lines it prints. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/sarangbang.js', import.meta.url));

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern`, however long it takes to appear (bounded). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  write(line: string): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A fresh configuration folder (identities, known hosts) for a CLI under test: never the user's real one. */
export function tempConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'sb-config-'));
}

/** `env` is added to the process's environment; SARANGBANG_CONFIG_DIR defaults to a fresh temporary folder. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: 'pipe',
    env: { ...process.env, NO_COLOR: '1', SARANGBANG_CONFIG_DIR: tempConfigDir(), ...env },
  });
  return { ...watchChild(child, 15_000), write: (line) => child.stdin.write(`${line}\n`) };
}

/** A child's output, gathered as it comes, and a way to wait for the line it prints (bounded, or until it exits). */
export function watchChild(child: ChildProcessWithoutNullStreams, defaultTimeoutMs: number): Omit<CliProcess, 'write'> {
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const check of [...waiters]) check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const check of [...waiters]) check();
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = defaultTimeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        function check(): void {
          const match = out
            .split('\n')
            .map((line) => line.match(pattern))
            .find((found) => found !== null);
          if (match) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`exited before printing ${pattern}.\nstdout:\n${out}\nstderr:\n${err}`));
          }
        }
        waiters.add(check);
        check();
      });
    },
  };
}

/** Kills a child that is still running at the end of a test. */
export function stopCli(cli: CliProcess): Promise<unknown> {
  if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  return cli.exited;
}

/** Child pids of `pid`, from Linux's /proc (empty elsewhere): for tests and benches that look below `npm run`. */
export function childPids(pid: number): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/u.test(name))
      .filter((name) => {
        try {
          const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}
