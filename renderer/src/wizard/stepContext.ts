// What every wizard step gets from the wizard: the draft, the host's options, and the hooks back.
import type { HostSummary } from '../../../shared/api';
import type { CreateOptions } from '../../../shared/create/spec';
import type { BrowseRequest } from './HostFileBrowser';
import type { StepId, WizardDraft } from './wizardModel';

export interface StepContext {
  draft: WizardDraft;
  options: CreateOptions;
  host: HostSummary;
  /** connected hosts (step 1 offers them) */
  hosts: HostSummary[];
  /** change the draft; `paths` are the spec paths the user touched (their errors show from now on) */
  update: (fn: (d: WizardDraft) => WizardDraft, ...paths: string[]) => void;
  /** the message for a spec path, when it should be shown */
  errorFor: (path: string) => string | undefined;
  /** open the host file browser */
  browse: (req: BrowseRequest) => void;
  onHostChange: (hostId: string) => void;
  /** an upload runs (the wizard keeps the step and asks before closing) */
  onUploading: (busy: boolean) => void;
  goToStep: (id: StepId) => void;
}
