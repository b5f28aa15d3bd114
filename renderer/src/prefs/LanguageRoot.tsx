// Re-renders the whole tree in a new language (issue 9). Strings are looked up while rendering,
// so every component must render again; a remount is the one way that also reaches memoised
// rows and values computed once. The connection and the stores outside React (hosts, toasts,
// performance history) survive it; what a window kept in component state (open consoles, the
// selection) starts afresh, as after a reload. Changing the language is rare enough for that.
import { Fragment, useEffect, type ReactNode } from 'react';
import { useLanguage } from '../i18n';
import { t } from '../strings';

export function LanguageRoot({ children }: { children: ReactNode }) {
  const lang = useLanguage();
  useEffect(() => {
    if (!/^#(vnc|console)\//.test(window.location.hash)) document.title = t('app.name');
  }, [lang]);
  return <Fragment key={lang}>{children}</Fragment>;
}
