/** A mistake on the command line; the CLI prints the message and a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
