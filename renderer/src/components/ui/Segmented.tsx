export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
  fill = false,
}: {
  label: string;
  fill?: boolean;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <div
      role="radiogroup"
      aria-label={label}
      className={`${fill ? 'grid w-full grid-flow-col auto-cols-fr' : 'inline-flex'} rounded-lg border border-line bg-sidebar p-0.5`}
    >
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          onClick={() => onChange(option.value)}
          className={`h-8 rounded-md px-3 text-[13px] font-medium transition-colors ${
            option.value === value ? 'bg-raised text-fg shadow-sm' : 'text-muted hover:text-fg'
          }`}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
