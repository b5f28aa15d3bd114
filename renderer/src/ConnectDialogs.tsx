// Whichever dialog the connect conversation needs right now.
import { HostKeyChangedDialog } from './HostKeyChangedDialog';
import { HostKeyDialog } from './HostKeyDialog';
import { SecretDialog } from './SecretDialog';
import type { ConnectFlow } from './useConnectFlow';
import { useRememberOption } from './hosts/useRemember'; // issue 4

export function ConnectDialogs({ flow }: { flow: ConnectFlow }) {
  const { step } = flow;
  const remember = useRememberOption(); // issue 4
  switch (step.kind) {
    case 'idle':
      return null;
    case 'secret':
      return (
        <SecretDialog
          key={`${step.host.id}-${step.secretKind}`}
          host={step.host}
          kind={step.secretKind}
          error={step.error}
          busy={step.busy}
          onSubmit={flow.submitSecret}
          onCancel={flow.close}
          remember={remember}
        />
      );
    case 'unknown-key':
      return (
        <HostKeyDialog
          host={step.host}
          fingerprint={step.fingerprint}
          keyType={step.keyType}
          busy={step.busy}
          onTrust={flow.trust}
          onCancel={flow.close}
        />
      );
    case 'key-changed':
      return (
        <HostKeyChangedDialog
          host={step.host}
          expected={step.expected}
          actual={step.actual}
          keyType={step.keyType}
          onClose={flow.close}
        />
      );
  }
}
