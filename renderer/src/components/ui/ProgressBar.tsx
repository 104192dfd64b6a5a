/** A thin progress bar with its accessible value: the one used by transfer rows and file cards. */
interface ProgressBarProps {
  /** What is progressing (the file name), read out with the value. */
  label: string;
  /** 0 to 1. */
  fraction: number;
  /** Warning colour (e.g. interrupted) instead of the accent. */
  warn?: boolean;
  className?: string;
}

export function ProgressBar({ label, fraction, warn = false, className = '' }: ProgressBarProps) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)}
      className={`h-1.5 overflow-hidden rounded-full bg-line ${className}`}
    >
      <div
        className={`h-full rounded-full ${warn ? 'bg-warn' : 'bg-accent'} transition-[width] duration-300`}
        style={{ width: `${fraction * 100}%` }}
      />
    </div>
  );
}
