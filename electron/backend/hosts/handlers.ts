// The hosts part of the contract (issue 4), served next to the host manager's own methods.
import type { RpcHandlers } from '../../../shared/rpc';
import type { HostManager } from '../hostManager';
import type { AuthPromptBroker } from './authPrompts';
import { hostDmesg, hostOverview } from './overview';
import type { SecretStore } from './secretStore';
import { listSshConfigHosts, type SshConfigEnv } from './sshConfig';

type HostsMethods =
  'listSshConfigHosts' | 'answerAuthPrompt' | 'forgetSecrets' | 'getHostOverview' | 'getHostDmesg';

export function hostsHandlers(deps: {
  hosts: HostManager;
  prompts: AuthPromptBroker;
  secrets: SecretStore;
  sshConfig?: SshConfigEnv;
}): Pick<RpcHandlers, HostsMethods> {
  const { hosts, prompts, secrets } = deps;
  return {
    listSshConfigHosts: async () => listSshConfigHosts(deps.sshConfig),
    answerAuthPrompt: async ({ promptId, answers }) => prompts.answer(promptId, answers),
    forgetSecrets: async ({ hostId }) => {
      hosts.summary(hostId); // not-found for an unknown host
      secrets.delete(hostId);
      hosts.emit('hostChanged', hosts.summary(hostId));
    },
    getHostOverview: async ({ hostId }) => hostOverview(hosts, hostId),
    getHostDmesg: async ({ hostId }) => hostDmesg(hosts, hostId),
  };
}
