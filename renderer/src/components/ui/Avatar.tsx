import { initial, nickHue } from '../../lib/display-text';

/** A coloured initial; the hue comes from the nickname so each person keeps one colour. */
export function Avatar({ nick, size = 'md' }: { nick: string; size?: 'sm' | 'md' | 'lg' }) {
  const hue = nickHue(nick);
  const sizes = {
    sm: 'size-6 text-[11px] rounded-md',
    md: 'size-9 text-sm rounded-xl',
    lg: 'size-12 text-lg rounded-2xl',
  };
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 select-none items-center justify-center font-semibold text-white ${sizes[size]}`}
      style={{ backgroundColor: `oklch(0.62 0.11 ${hue})` }}
    >
      {initial(nick)}
    </span>
  );
}
