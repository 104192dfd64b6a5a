import type { Suggestion } from '../../app/commands';
import { displayName } from '../../lib/display-text';

export function Autocomplete({
  id,
  items,
  selected,
  onChoose,
  onHover,
}: {
  id: string;
  items: Suggestion[];
  selected: number;
  onChoose: (index: number) => void;
  onHover: (index: number) => void;
}) {
  return (
    <ul
      id={id}
      role="listbox"
      className="absolute bottom-full left-5 z-20 w-[min(30rem,calc(100%-2.5rem))] mb-1 max-h-72 overflow-y-auto rounded-xl border border-line bg-raised p-1 shadow-card scrollbar-thin"
    >
      {items.map((item, index) => (
        <li
          key={item.completion}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === selected}
          onMouseDown={(event) => {
            event.preventDefault();
            onChoose(index);
          }}
          onMouseEnter={() => onHover(index)}
          className={`flex cursor-pointer items-baseline justify-between gap-4 rounded-lg px-3 py-1.5 text-[13px] ${
            index === selected ? 'bg-accent-soft text-fg' : 'text-fg'
          }`}
        >
          <span className="font-mono font-medium">{displayName(item.label, 40)}</span>
          <span className="truncate text-xs text-muted">{item.detail}</span>
        </li>
      ))}
    </ul>
  );
}
