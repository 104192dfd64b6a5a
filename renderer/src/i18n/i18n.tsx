import { createContext, useContext } from 'react';
import type { Language } from '@contract/ipc-contract';
import { en, type Dictionary } from './en';
import { ko } from './ko';

const dictionaries: Record<Language, Dictionary> = { en, ko };

export function dictionary(language: Language): Dictionary {
  return dictionaries[language];
}

/** The language to start with: Korean when the browser/OS prefers it, otherwise English. */
export function defaultLanguage(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export const LanguageContext = createContext<Language>('en');

export function useT(): Dictionary {
  return dictionaries[useContext(LanguageContext)];
}

export function useLocale(): string {
  return useContext(LanguageContext) === 'ko' ? 'ko-KR' : 'en-US';
}
