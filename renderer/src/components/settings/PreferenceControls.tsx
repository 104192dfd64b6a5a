import type { Language, Theme } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { Segmented } from '../ui/Segmented';

export function LanguagePicker({
  value,
  onChange,
  fill,
}: {
  value: Language;
  onChange: (value: Language) => void;
  fill?: boolean;
}) {
  const t = useT();
  return (
    <Segmented
      label={t.language}
      fill={fill}
      value={value}
      onChange={onChange}
      options={[
        { value: 'en', label: 'English' },
        { value: 'ko', label: '한국어' },
      ]}
    />
  );
}

export function ThemePicker({
  value,
  onChange,
  fill,
}: {
  value: Theme;
  onChange: (value: Theme) => void;
  fill?: boolean;
}) {
  const t = useT();
  return (
    <Segmented
      label={t.theme}
      fill={fill}
      value={value}
      onChange={onChange}
      options={[
        { value: 'system', label: t.themeSystem },
        { value: 'light', label: t.themeLight },
        { value: 'dark', label: t.themeDark },
      ]}
    />
  );
}
