import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { suggest } from '../../app/commands';
import { useT } from '../../i18n/i18n';
import { IconButton } from '../ui/Button';
import { Autocomplete } from './Autocomplete';

export interface ComposerProps {
  placeholder: string;
  nicks: readonly string[];
  self: string;
  disabled?: boolean;
  onSubmit: (text: string) => void;
  onAttach?: () => void;
  attachLabel?: string;
  /** Put this text in the box and focus it (e.g. "/to nick " from the user list); `seq` makes repeats count. */
  prefill?: { text: string; seq: number };
  showHint?: boolean;
}

const MAX_HEIGHT_PX = 200;

/** Enter sends, Shift+Enter adds a line, "/" opens command completion, Up (in an empty box) recalls the last message. */
export function Composer({
  placeholder,
  nicks,
  self,
  disabled,
  onSubmit,
  onAttach,
  attachLabel,
  prefill,
  showHint = true,
}: ComposerProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const lastSent = useRef('');
  const box = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  const suggestions = useMemo(
    () => (dismissed === text ? [] : suggest(text, nicks, self, t)),
    [text, nicks, self, t, dismissed],
  );
  const open = suggestions.length > 0;

  useEffect(() => {
    if (!prefill) return;
    setText(prefill.text);
    setSelected(0);
    box.current?.focus();
  }, [prefill]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const change = (value: string) => {
    setText(value);
    setSelected(0);
  };

  const complete = (index: number) => {
    const choice = suggestions[index];
    if (choice) change(choice.completion);
    box.current?.focus();
  };

  const send = () => {
    if (!text.trim()) return;
    lastSent.current = text;
    onSubmit(text);
    change('');
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return; // Korean IME: Enter confirms the syllable, it does not send.
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setSelected((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      if (
        event.key === 'Tab' ||
        (event.key === 'Enter' && !event.shiftKey && suggestions[selected]?.completion.trim() !== text.trim())
      ) {
        event.preventDefault();
        complete(selected);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(text);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
      return;
    }
    if (event.key === 'ArrowUp' && text === '' && lastSent.current) {
      event.preventDefault();
      change(lastSent.current);
    }
  };

  return (
    <div className="relative px-5 pb-4 pt-1">
      {open && (
        <Autocomplete id={listId} items={suggestions} selected={selected} onChoose={complete} onHover={setSelected} />
      )}
      <div className="flex items-end gap-1 rounded-2xl border border-line bg-raised px-2 py-1.5 shadow-sm transition-colors focus-within:border-accent/60 focus-within:ring-3 focus-within:ring-accent/10">
        {onAttach && (
          <IconButton
            icon="paperclip"
            label={attachLabel ?? t.sendFiles}
            onClick={onAttach}
            disabled={disabled}
            className="mb-0.5"
          />
        )}
        <textarea
          ref={box}
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={placeholder}
          aria-label={placeholder}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${selected}` : undefined}
          onChange={(event) => change(event.target.value)}
          onKeyDown={onKeyDown}
          dir="auto"
          className="scrollbar-thin max-h-[200px] min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-[14.5px] leading-6 text-fg placeholder:text-faint focus:outline-none"
        />
        <button
          type="button"
          onClick={send}
          disabled={disabled || !text.trim()}
          aria-label={t.send}
          title={t.send}
          className="mb-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-xl bg-accent text-accent-fg transition-opacity disabled:opacity-30"
        >
          <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden="true">
            <path d="M3.4 20.4l17.45-7.48a1 1 0 000-1.84L3.4 3.6a.993.993 0 00-1.39.91L2 9.12c0 .5.37.93.87.99L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91z" />
          </svg>
        </button>
      </div>
      {showHint && <p className="mt-1.5 px-2 text-[11px] text-faint">{t.composerHint}</p>}
    </div>
  );
}
