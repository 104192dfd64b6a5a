/** The mark: a warm roof over a room (사랑방), drawn inline. */
export function Logo({ className = 'size-9' }: { className?: string }) {
  return (
    <svg viewBox="0 0 40 40" className={className} aria-hidden="true">
      <rect width="40" height="40" rx="11" fill="var(--sb-accent)" />
      <path
        d="M8 18.5L20 10l12 8.5"
        fill="none"
        stroke="var(--sb-accent-fg)"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M12 18v11.5h16V18" fill="none" stroke="var(--sb-accent-fg)" strokeWidth="2.6" strokeLinejoin="round" />
      <circle cx="20" cy="23.5" r="2.6" fill="var(--sb-accent-fg)" />
    </svg>
  );
}
