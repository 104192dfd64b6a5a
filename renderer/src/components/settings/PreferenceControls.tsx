import type { Language, Theme } from '../../../../electron/ipc-contract';
import { useT } from '../../i18n/i18n';
import { Segmented } from '../ui/Segmented';

export function LanguagePicker({ value, onChange }: { value: Language; onChange: (value: Language) => void }) {
  const t = useT();
  return (
    <Segmented
      label={t.language}
      value={value}
      onChange={onChange}
      options={[
        { value: 'en', label: 'English' },
        { value: 'ko', label: '한국어' },
      ]}
    />
  );
}

export function ThemePicker({ value, onChange }: { value: Theme; onChange: (value: Theme) => void }) {
  const t = useT();
  return (
    <Segmented
      label={t.theme}
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
