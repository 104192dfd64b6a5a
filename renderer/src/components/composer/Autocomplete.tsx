/**
 * The composer's command and name suggestions: a listbox the message box drives (Up/Down move, Tab/Enter choose)
 * through aria-activedescendant. A <textarea> may not take the combobox role, so the box stays a textbox with
 * aria-autocomplete="list" and aria-controls; the chosen option is scrolled into view as the keys move it.
 */
import { useEffect, useRef } from 'react';
import type { Suggestion } from '../../app/commands';
import { displayName } from '../../lib/display-text';

export function Autocomplete({
  id,
  label,
  items,
  selected,
  onChoose,
  onHover,
}: {
  id: string;
  label: string;
  items: Suggestion[];
  selected: number;
  onChoose: (index: number) => void;
  onHover: (index: number) => void;
}) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [selected, items]);
  return (
    <ul
      ref={list}
      id={id}
      role="listbox"
      aria-label={label}
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
