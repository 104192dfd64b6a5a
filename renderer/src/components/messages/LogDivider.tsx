/** A labelled line across the conversation: "New messages", "Earlier messages", "12 messages while you were away". */
export function LogDivider({
  label,
  tone,
  detail,
}: {
  label: string;
  tone: 'accent' | 'muted';
  /** A second, smaller line under the label (e.g. how many older messages were no longer kept). */
  detail?: string;
}) {
  const line = tone === 'accent' ? 'bg-accent/50' : 'bg-line';
  const text = tone === 'accent' ? 'text-accent' : 'text-faint';
  return (
    <div role="separator" aria-label={detail ? `${label}. ${detail}` : label} className="px-5 py-2" data-divider={tone}>
      <div className="flex items-center gap-3">
        <span aria-hidden="true" className={`h-px flex-1 ${line}`} />
        <span className={`shrink-0 text-[11.5px] font-semibold ${text}`}>{label}</span>
        <span aria-hidden="true" className={`h-px flex-1 ${line}`} />
      </div>
      {detail && <p className="mt-0.5 text-center text-[11.5px] text-muted">{detail}</p>}
    </div>
  );
}
