/**
 * `Sarangbang --serve [--port N] [other `sarangbang serve` options]`: the installed desktop app runs the room server
 * without a window (for a lab machine or a server), with the same options and output as the CLI's `serve`.
 */
import { UsageError, parseServeArgs } from '../main/cli/args.js';
import { runServe, type ServeIO } from '../main/cli/serve.js';
import { SERVE_HELP } from '../main/cli/cli.js';

/** What headless mode needs from Electron's `app`. */
export interface HeadlessApp {
  exit(code: number): void;
  dock?: { hide(): void } | undefined;
}

/** The arguments after `--serve`, or undefined when the app should start normally. Chromium switches are dropped. */
export function serveArguments(argv: readonly string[]): string[] | undefined {
  const index = argv.indexOf('--serve');
  if (index < 0) return undefined;
  return argv
    .slice(index + 1)
    .filter(
      (arg) => !/^--(no-sandbox|disable-gpu|enable-logging|inspect(-brk)?(=.*)?|remote-debugging-port=.*)$/.test(arg),
    );
}

/** Runs the room until SIGINT/SIGTERM, then exits the app with the serve command's exit code. */
export async function runHeadlessServe(
  app: HeadlessApp,
  args: string[],
  io: ServeIO = { out: process.stdout, errors: process.stderr },
): Promise<number> {
  app.dock?.hide();
  let code: number;
  try {
    const options = parseServeArgs(args);
    if (options === 'help') {
      io.out.write(SERVE_HELP.replace(/sarangbang serve/g, 'Sarangbang --serve'));
      code = 0;
    } else {
      code = await runServe(options, io);
    }
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    io.errors.write(`! ${error.message}\n`);
    code = 2;
  }
  app.exit(code);
  return code;
}
