/**
 * The message box. Enter sends, Shift+Enter adds a line, "/" opens command completion, Up (in an empty box) recalls
 * the last message. The box clears only once the room accepted the message. Near the room's limit it counts the
 * bytes left; over it, Enter does not send and the message can be split or sent as a file instead.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { suggest } from '../../app/commands';
import { useT } from '../../i18n/i18n';
import { IconButton } from '../ui/Button';
import { Autocomplete } from './Autocomplete';
import { LengthMeter } from './LengthMeter';
import { OverLimitBar } from './OverLimitBar';
import { useMessageSize } from './use-message-size';

export type LongMessageHow = 'split' | 'file';

export interface ComposerProps {
  placeholder: string;
  nicks: readonly string[];
  self: string;
  disabled?: boolean;
  /** Sends the text; resolves true when it was done (a message: the room accepted it). Only then does the box clear. */
  onSubmit: (text: string) => Promise<boolean> | boolean;
  /** The room's text limit in UTF-8 bytes: shows the count near it, and the split/file choice over it. */
  limitBytes?: number;
  /** Over the limit: split or send as a file; resolves to the text still unsent ('' when everything went). */
  onSendLong?: (
    text: string,
    how: LongMessageHow,
    onProgress: (sent: number, total: number) => void,
  ) => Promise<string>;
  onAttach?: () => void;
  attachLabel?: string;
  /** Put this text in the box and focus it (e.g. "/to nick " from the user list); `seq` makes repeats count. */
  prefill?: { text: string; seq: number };
  showHint?: boolean;
  /** Not connected right now: what is sent waits for the connection (the hint says so). */
  queued?: boolean;
  /** Take focus when shown (the room's box, so a keyboard user can type as soon as the room opens). */
  autoFocus?: boolean;
}

const MAX_HEIGHT_PX = 200;

export function Composer({
  placeholder,
  nicks,
  self,
  disabled,
  onSubmit,
  limitBytes,
  onSendLong,
  onAttach,
  attachLabel,
  prefill,
  showHint = true,
  queued = false,
  autoFocus = false,
}: ComposerProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const lastSent = useRef('');
  const box = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const meterId = useId();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const size = useMessageSize(text, limitBytes);

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

  /** After a send: what the box holds now, minus what went (text typed meanwhile stays). */
  const settle = (sent: string, keep: string) => {
    setText((now) => (now === sent ? keep : now.startsWith(sent) ? keep + now.slice(sent.length) : now));
    setSelected(0);
  };

  const send = async () => {
    if (!text.trim() || busy || size.over) return;
    const sent = text;
    lastSent.current = sent;
    setBusy(true);
    try {
      if (await onSubmit(sent)) settle(sent, '');
    } finally {
      setBusy(false);
    }
  };

  const sendLong = async (how: LongMessageHow) => {
    if (!onSendLong || busy) return;
    const sent = text;
    setBusy(true);
    try {
      const rest = await onSendLong(sent, how, (done, total) => setProgress({ sent: done, total }));
      if (rest !== sent) settle(sent, rest);
    } finally {
      setBusy(false);
      setProgress(null);
      box.current?.focus();
    }
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
      void send();
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
        <Autocomplete
          id={listId}
          label={t.suggestions}
          items={suggestions}
          selected={selected}
          onChoose={complete}
          onHover={setSelected}
        />
      )}
      {size.over && size.sendable && onSendLong && (
        <OverLimitBar
          parts={size.parts}
          progress={progress}
          busy={busy}
          onSplit={() => void sendLong('split')}
          onFile={() => void sendLong('file')}
        />
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
          autoFocus={autoFocus}
          placeholder={placeholder}
          aria-label={placeholder}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${selected}` : undefined}
          aria-describedby={size.near ? meterId : undefined}
          aria-invalid={size.over || undefined}
          onChange={(event) => change(event.target.value)}
          onKeyDown={onKeyDown}
          dir="auto"
          className="scrollbar-thin max-h-[200px] min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-[14.5px] leading-6 text-fg placeholder:text-faint focus:outline-none"
        />
        <button
          type="button"
          onClick={() => void send()}
          disabled={disabled || busy || size.over || !text.trim()}
          aria-label={t.send}
          title={t.send}
          className="mb-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-xl bg-accent text-accent-fg transition-opacity disabled:opacity-30"
        >
          <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden="true">
            <path d="M3.4 20.4l17.45-7.48a1 1 0 000-1.84L3.4 3.6a.993.993 0 00-1.39.91L2 9.12c0 .5.37.93.87.99L17 12 2.87 13.88c-.5.07-.87.5-.87 1l.01 4.61c0 .71.73 1.2 1.39.91z" />
          </svg>
        </button>
      </div>
      {(showHint || size.near || queued) && (
        <div className="mt-1.5 flex items-baseline gap-3 px-2 text-[11px]">
          {queued ? (
            <p role="status" className="min-w-0 flex-1 font-medium text-warn">
              {t.composerQueued}
            </p>
          ) : (
            <p className="min-w-0 flex-1 truncate text-faint">{showHint ? t.composerHint : ''}</p>
          )}
          <LengthMeter id={meterId} size={size} />
        </div>
      )}
    </div>
  );
}
