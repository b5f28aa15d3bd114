// The pop-out window (web mode): the app opened at #vnc/<hostId>/<domain> renders only
// the viewer, with its own RPC connection to the backend (same origin, same cookie).
import { useEffect } from 'react';
import { t } from '../strings';
import { VncView } from './VncView';
import type { VncRoute } from './vncLogic';
import './VncView.css';

export function VncPopout({ route }: { route: VncRoute }) {
  useEffect(() => {
    document.title = t('vnc.popout.title', { domain: route.domain });
  }, [route.domain]);
  return (
    <div className="vnc-popout-page">
      <VncView hostId={route.hostId} domain={route.domain} />
    </div>
  );
}
