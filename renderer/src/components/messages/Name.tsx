import { displayName } from '../../lib/display-text';

/** A nickname (or any peer-chosen name) shown as isolated, single-line text. */
export function Name({ name, max = 40, className = '' }: { name: string; max?: number; className?: string }) {
  return (
    <bdi className={`bidi-isolate ${className}`} title={name.length > max ? displayName(name, 200) : undefined}>
      {displayName(name, max)}
    </bdi>
  );
}
