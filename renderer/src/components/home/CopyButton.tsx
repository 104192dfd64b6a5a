import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { Button } from '../ui/Button';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      variant={copied ? 'subtle' : 'secondary'}
      icon={copied ? 'check' : 'copy'}
      aria-label={`${t.copy} ${label}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          setCopied(false);
        }
      }}
    >
      {copied ? t.copied : t.copy}
    </Button>
  );
}
