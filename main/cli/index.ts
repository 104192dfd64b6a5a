/** Entry point of the `sarangbang` command (run with tsx, or bundled to out/cli/index.js by `npm run build:cli`). */
import { accountBuffersByWhatTheyHold } from '../buffer-accounting.js';
import { main } from './cli.js';

accountBuffersByWhatTheyHold();

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything is closed by now; if some handle still lingers, do not hang the shell.
setTimeout(() => process.exit(code), 2000).unref();
