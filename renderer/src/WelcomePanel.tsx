// First run (no hosts): two clear ways in.
import { Icon } from './Icon';
import { Spinner } from './Spinner';
import { t } from './strings';
import './WelcomePanel.css';

export interface WelcomePanelProps {
  demoBusy: boolean;
  onDemo: () => void;
  onAddHost: () => void;
}

export function WelcomePanel({ demoBusy, onDemo, onAddHost }: WelcomePanelProps) {
  return (
    <section className="welcome" aria-labelledby="welcome-title" data-testid="welcome">
      <div className="welcome-mark" aria-hidden="true">
        {t('app.mark')}
      </div>
      <h2 id="welcome-title">{t('welcome.title')}</h2>
      <p className="welcome-body">{t('welcome.body')}</p>
      <div className="welcome-choices">
        <button
          type="button"
          className="welcome-choice is-primary"
          onClick={onDemo}
          disabled={demoBusy}
          aria-busy={demoBusy || undefined}
          data-testid="welcome-demo"
        >
          <span className="welcome-choice-icon">
            {demoBusy ? <Spinner size={20} /> : <Icon name="flask" size={22} />}
          </span>
          <span className="welcome-choice-title">{t('welcome.demo')}</span>
          <span className="welcome-choice-hint">{t('welcome.demo.hint')}</span>
        </button>
        <button type="button" className="welcome-choice" onClick={onAddHost} data-testid="welcome-add">
          <span className="welcome-choice-icon">
            <Icon name="server" size={22} />
          </span>
          <span className="welcome-choice-title">{t('welcome.add')}</span>
          <span className="welcome-choice-hint">{t('welcome.add.hint')}</span>
        </button>
      </div>
    </section>
  );
}
