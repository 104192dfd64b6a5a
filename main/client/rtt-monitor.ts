/** Runs an RTT measurement now and then every `intervalMs` while started; 0 turns it off. Never keeps Node alive. */
export class RttMonitor {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly measure: () => void,
  ) {}

  start(): void {
    this.stop();
    if (this.intervalMs <= 0) return;
    this.measure();
    this.timer = setInterval(this.measure, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
