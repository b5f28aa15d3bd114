// Help → About (issue 9): which XenDesk this is and what it runs on (getAppInfo), with a button
// that copies the lines for a bug report.
import { useState } from 'react';
import type { AppInfo } from '../../../shared/api';
import { Dialog } from '../Dialog';
import { t } from '../strings';
import { tp } from './prefsStrings';
import './preferences.css';

const RUNTIME: { key: string; label: string }[] = [
  { key: 'electron', label: 'about.electron' },
  { key: 'chrome', label: 'about.chrome' },
  { key: 'node', label: 'about.node' },
  { key: 'v8', label: 'about.v8' },
];

export function aboutLines(info: AppInfo): [string, string][] {
  const lines: [string, string][] = [
    [tp('about.version'), info.version],
    [tp('about.mode'), t(`status.mode.${info.mode}`)],
    [tp('about.platform'), info.platform],
  ];
  for (const r of RUNTIME) {
    const v = info.versions[r.key];
    if (v) lines.push([tp(r.label), v]);
  }
  if (info.secretStore) lines.push([tp('about.secrets'), tp(`about.secrets.${info.secretStore}`)]);
  // in web mode the browser is the renderer: name it too
  if (info.mode === 'web' && typeof navigator !== 'undefined') {
    const m = /Chrom(?:e|ium)\/([\d.]+)/.exec(navigator.userAgent);
    if (m && !info.versions['chrome']) lines.push([tp('about.chrome'), m[1]!]);
  }
  return lines;
}

export function AboutDialog({ info, onClose }: { info: AppInfo | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const lines = info ? aboutLines(info) : [];
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(['XenDesk', ...lines.map(([k, v]) => `${k}: ${v}`)].join('\n'));
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog
      testId="dialog-about"
      title={tp('about.title')}
      width="narrow"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={() => void copy()} data-testid="about-copy">
            {copied ? tp('about.copied') : tp('about.copy')}
          </button>
          <button type="button" className="btn btn-primary" onClick={onClose} data-testid="about-close">
            {t('common.close')}
          </button>
        </>
      }
    >
      <div className="about-head">
        <span className="about-mark" aria-hidden="true">
          {t('app.mark')}
        </span>
        <div>
          <p className="about-name">{t('app.name')}</p>
          <p className="about-tagline">{tp('about.tagline')}</p>
        </div>
      </div>
      <dl className="facts about-versions" data-testid="about-versions">
        {lines.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{tp('about.license')}</p>
    </Dialog>
  );
}
