/**
 * Keeps one client's failure from reaching the event loop: every callback the server hands to Node (socket events,
 * timers) runs through `contained`, so an exception is reported and cleaned up instead of crashing the process.
 */

export type Reporter = (error: unknown, where: string) => void;

export const consoleReporter: Reporter = (error, where) => {
  console.error(`sarangbang server: ${where}:`, error);
};

export function contained(report: Reporter, where: string, run: () => void, recover?: () => void): void {
  try {
    run();
  } catch (error) {
    report(error, where);
    if (!recover) return;
    try {
      recover();
    } catch (again) {
      report(again, `${where} (recovering)`);
    }
  }
}
