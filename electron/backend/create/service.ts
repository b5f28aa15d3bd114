// The create wizard's RPC methods (issue 6). The operations run on a HostAccess (./create.ts,
// ./options.ts) so `xendesk create` runs the same code on its own connection.
import type { z } from 'zod';
import type { ApiResults, TaskProgress, apiSchemas } from '../../../shared/api';
import type { RpcContext, RpcHandlers } from '../../../shared/rpc';
import type { HostManager } from '../hostManager';
import { managedHost, type HostAccess } from '../domains/hostAccess';
import { createDomain, previewCreate } from './create';
import { listHostDir, removeOrphans, startUpload, type SftpHost } from './hostFiles';
import { getCreateOptions } from './options';

export const CREATE_METHODS = [
  'getCreateOptions',
  'previewCreate',
  'createDomain',
  'listHostDir',
  'uploadToHost',
] as const;
export type CreateMethod = (typeof CREATE_METHODS)[number];
type P<M extends CreateMethod> = z.output<(typeof apiSchemas)[M]>;
type R<M extends CreateMethod> = Promise<ApiResults[M]>;

export class CreateService {
  /** per host: .part files of uploads cut off with the SSH connection, removed on the next use */
  private readonly orphans = new Map<string, Set<string>>();

  constructor(private readonly hosts: HostManager) {}

  private async sweep(hostId: string, files: SftpHost): Promise<void> {
    const set = this.orphans.get(hostId);
    if (set) await removeOrphans(files, set).catch(() => undefined);
  }

  private host(hostId: string): HostAccess {
    this.hosts.connection(hostId); // throws 'not-connected' early
    return managedHost(this.hosts, hostId, (p: TaskProgress) => this.hosts.emit('taskProgress', p));
  }

  private files(hostId: string): SftpHost {
    const conn = this.hosts.connection(hostId);
    return { label: this.hosts.summary(hostId).label, user: conn.target.username, sftp: () => conn.sftp() };
  }

  handlers(): Pick<RpcHandlers, CreateMethod> {
    return {
      getCreateOptions: (p) => this.getCreateOptions(p),
      previewCreate: (p) => this.previewCreate(p),
      createDomain: (p) => this.createDomain(p),
      listHostDir: (p) => this.listHostDir(p),
      uploadToHost: (p, ctx) => this.uploadToHost(p, ctx),
    };
  }

  async getCreateOptions(p: P<'getCreateOptions'>): R<'getCreateOptions'> {
    return getCreateOptions(this.host(p.hostId));
  }
  async previewCreate(p: P<'previewCreate'>): R<'previewCreate'> {
    return previewCreate(this.host(p.hostId), p.spec, p.config);
  }
  async createDomain(p: P<'createDomain'>): R<'createDomain'> {
    return createDomain(this.host(p.hostId), { spec: p.spec, config: p.config, taskId: p.taskId });
  }
  async listHostDir(p: P<'listHostDir'>): R<'listHostDir'> {
    const files = this.files(p.hostId);
    await this.sweep(p.hostId, files);
    return listHostDir(files, p.path);
  }
  async uploadToHost(p: P<'uploadToHost'>, ctx: RpcContext): R<'uploadToHost'> {
    const files = this.files(p.hostId);
    await this.sweep(p.hostId, files);
    const taskId = p.taskId;
    return startUpload(files, p, () => ctx.openStream(), {
      orphan: (part) => {
        const set = this.orphans.get(p.hostId) ?? new Set<string>();
        set.add(part);
        this.orphans.set(p.hostId, set);
      },
      progress: taskId
        ? (received, total, done, error) =>
            this.hosts.emit('taskProgress', {
              taskId,
              hostId: p.hostId,
              label: `Uploading ${p.destPath}`,
              fraction: total ? received / total : 1,
              detail: `${received} of ${total} bytes`,
              done,
              ...(error ? { error } : {}),
            })
        : undefined,
    });
  }
}
