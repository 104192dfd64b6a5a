/** Entry point of the `sarangbang` command (run with tsx, or bundled to out/cli/index.js by `npm run build:cli`). */
import { main } from './cli.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything is closed by now; if some handle still lingers, do not hang the shell.
setTimeout(() => process.exit(code), 2000).unref();
