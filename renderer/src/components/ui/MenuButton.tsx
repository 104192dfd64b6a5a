/**
 * A button that opens a menu (the WAI-ARIA menu button pattern): Enter, Space or Arrow Down open it on the first
 * item, Arrow Up on the last; arrows, Home and End move between items; Escape or Tab closes it (Escape returns focus
 * to the button); a click outside closes it.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export interface MenuItem {
  id: string;
  label: string;
  icon: IconName;
  /** A toggle's state (rendered as menuitemcheckbox). */
  checked?: boolean;
  /** Shown after the label, e.g. a count. */
  badge?: ReactNode;
  onSelect: () => void;
}

export function MenuButton({ label, icon, items }: { label: string; icon: IconName; items: readonly MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]')[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const openAt = (index: number) => {
    setActive(index);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onButtonKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openAt(0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(items.length - 1);
    }
  };

  const onMenuKey = (event: React.KeyboardEvent) => {
    const last = items.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: active === last ? 0 : active + 1,
      ArrowUp: active === 0 ? last : active - 1,
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
  };

  const select = (item: MenuItem) => {
    close(true);
    item.onSelect();
  };

  return (
    <span className="relative">
      <button
        ref={button}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
        className={`inline-flex size-8 shrink-0 items-center justify-center rounded-lg text-muted transition-colors hover:bg-hover hover:text-fg ${open ? 'bg-hover text-fg' : ''}`}
      >
        <Icon name={icon} className="size-[18px]" />
      </button>
      {open && (
        <ul
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          className="absolute right-0 top-full z-40 mt-1 min-w-48 rounded-xl border border-line bg-panel p-1 shadow-card"
        >
          {items.map((item, index) => (
            <li
              key={item.id}
              role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.checked}
              tabIndex={index === active ? 0 : -1}
              onClick={() => select(item)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  select(item);
                }
              }}
              onPointerMove={() => setActive(index)}
              className="flex h-9 cursor-pointer items-center gap-2.5 whitespace-nowrap rounded-lg px-2.5 text-[13px] text-fg outline-none hover:bg-hover focus:bg-hover"
            >
              <Icon name={item.icon} className="size-4 shrink-0 text-muted" />
              <span className="flex-1">{item.label}</span>
              {item.checked && <Icon name="check" className="size-4 shrink-0 text-accent" />}
              {item.badge}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
