// Domain inventory, details, lifecycle, devices and config editing (issue 5): the RPC methods.
// The operations themselves live in ./lifecycle.ts, ./transfer.ts, ./devices.ts and
// ./configFiles.ts and run on a HostAccess, so the CLI runs the same code on its own connection.
import { z } from 'zod';
import { ApiError, apiSchemas, type ApiResults, type TaskProgress } from '../../../shared/api';
import type { RpcHandlers } from '../../../shared/rpc';
import type { DomainRow } from '../../../shared/types';
import { readConfigText } from '../../../shared/xen/inventory';
import { parseXlListLong } from '../../../shared/xen/xlListLong';
import type { HostManager } from '../hostManager';
import { domainDetails, getDomainConfig, saveDomainConfig } from './configFiles';
import { attachDisk, attachNic, cdEject, cdInsert, detachDisk, detachNic } from './devices';
import { managedHost, type HostAccess } from './hostAccess';
import {
  deleteDomain,
  domainAction,
  renameDomain,
  setAutostart,
  setMemory,
  setSched,
  setVcpus,
} from './lifecycle';
import { readHostFile } from './remote';
import type { TagStore } from './tags';
import { cloneDomain, listSaveFiles, migrateDomain, restoreDomain, saveDomain } from './transfer';

export const DOMAIN_METHODS = [
  'domainAction',
  'getDomainDetails',
  'setDomainMemory',
  'setDomainVcpus',
  'setDomainSched',
  'renameDomain',
  'setAutostart',
  'saveDomain',
  'restoreDomain',
  'listSaveFiles',
  'migrateDomain',
  'cloneDomain',
  'deleteDomain',
  'attachDisk',
  'detachDisk',
  'attachNic',
  'detachNic',
  'cdInsert',
  'cdEject',
  'getDomainConfig',
  'saveDomainConfig',
  'setDomainTags',
] as const;
export type DomainMethod = (typeof DOMAIN_METHODS)[number];
type P<M extends DomainMethod> = z.output<(typeof apiSchemas)[M]>;
type R<M extends DomainMethod> = Promise<ApiResults[M]>;

/** Disk images a delete may remove: the domain's own (config and running config), never CD-ROMs. */
export async function ownDisks(h: HostAccess, row: DomainRow): Promise<string[]> {
  const out = new Set<string>();
  if (row.cfgPath) {
    const text = await readHostFile(h, row.cfgPath);
    for (const d of (text !== null ? readConfigText(text)?.disks : undefined) ?? [])
      if (d.target && d.devtype !== 'cdrom') out.add(d.target);
  }
  if (row.id !== null) {
    const r = await h.run(['xl', 'list', '-l', row.name], { timeoutMs: 30000 });
    if (r.code === 0) {
      try {
        for (const d of parseXlListLong(r.stdout)[0]?.disks ?? [])
          if (d.pdevPath && !d.isCdrom) out.add(d.pdevPath);
      } catch {
        /* the config file's list is enough */
      }
    }
  }
  return [...out];
}

/** Another defined domain whose config names `path` (so deleting it would break that domain). */
export function usedByOther(h: HostAccess, self: DomainRow, path: string): string | null {
  for (const c of h.configs()) {
    if (c.path === self.cfgPath) continue;
    if (c.cfg?.disks?.some((d) => d.target === path)) return c.cfg.name ?? c.path;
  }
  return null;
}

export class DomainService {
  constructor(
    private readonly hosts: HostManager,
    private readonly tags: TagStore,
  ) {}

  private host(hostId: string): HostAccess {
    this.hosts.connection(hostId); // throws 'not-connected' early
    return managedHost(this.hosts, hostId, (p: TaskProgress) => this.hosts.emit('taskProgress', p));
  }

  handlers(): Pick<RpcHandlers, DomainMethod> {
    const out = {} as Record<DomainMethod, (p: never) => Promise<unknown>>;
    for (const m of DOMAIN_METHODS)
      out[m] = (p: never) => (this[m] as (p: never) => Promise<unknown>).call(this, p);
    return out as unknown as Pick<RpcHandlers, DomainMethod>;
  }

  async domainAction(p: P<'domainAction'>): R<'domainAction'> {
    return domainAction(this.host(p.hostId), p.domain, p.action, p.force ?? false);
  }
  async getDomainDetails(p: P<'getDomainDetails'>): R<'getDomainDetails'> {
    return domainDetails(this.host(p.hostId), p.domain);
  }
  async setDomainMemory(p: P<'setDomainMemory'>): R<'setDomainMemory'> {
    return setMemory(this.host(p.hostId), p.domain, p);
  }
  async setDomainVcpus(p: P<'setDomainVcpus'>): R<'setDomainVcpus'> {
    return setVcpus(this.host(p.hostId), p.domain, p);
  }
  async setDomainSched(p: P<'setDomainSched'>): R<'setDomainSched'> {
    return setSched(this.host(p.hostId), p.domain, p);
  }
  async renameDomain(p: P<'renameDomain'>): R<'renameDomain'> {
    // tags follow the name (moved first so the re-read row carries them; moved back on failure)
    this.tags.rename(p.hostId, p.domain, p.newName);
    try {
      return await renameDomain(this.host(p.hostId), p.domain, p.newName);
    } catch (e) {
      this.tags.rename(p.hostId, p.newName, p.domain);
      throw e;
    }
  }
  async setAutostart(p: P<'setAutostart'>): R<'setAutostart'> {
    return setAutostart(this.host(p.hostId), p.domain, p.enabled);
  }
  async saveDomain(p: P<'saveDomain'>): R<'saveDomain'> {
    return saveDomain(this.host(p.hostId), p.domain, p);
  }
  async restoreDomain(p: P<'restoreDomain'>): R<'restoreDomain'> {
    return restoreDomain(this.host(p.hostId), p);
  }
  async listSaveFiles(p: P<'listSaveFiles'>): R<'listSaveFiles'> {
    return listSaveFiles(this.host(p.hostId), p.dir);
  }
  async migrateDomain(p: P<'migrateDomain'>): R<'migrateDomain'> {
    if (p.targetHostId === p.hostId)
      throw new ApiError('invalid-params', 'Choose another host to migrate to.');
    const src = this.host(p.hostId);
    const dst = this.host(p.targetHostId);
    const t = this.hosts.summary(p.targetHostId);
    return migrateDomain(src, dst, p.domain, { address: t.address, port: t.port }, p.taskId);
  }
  async cloneDomain(p: P<'cloneDomain'>): R<'cloneDomain'> {
    return cloneDomain(this.host(p.hostId), p.domain, p);
  }
  async deleteDomain(p: P<'deleteDomain'>): R<'deleteDomain'> {
    const h = this.host(p.hostId);
    const r = await deleteDomain(
      h,
      p.domain,
      p.deleteDisks,
      (row) => ownDisks(h, row),
      (path, row) => usedByOther(h, row, path),
    );
    this.tags.set(p.hostId, p.domain, []);
    return r;
  }
  async attachDisk(p: P<'attachDisk'>): R<'attachDisk'> {
    return attachDisk(this.host(p.hostId), p.domain, p.disk, p.persist);
  }
  async detachDisk(p: P<'detachDisk'>): R<'detachDisk'> {
    return detachDisk(this.host(p.hostId), p.domain, p.vdev, p.persist);
  }
  async attachNic(p: P<'attachNic'>): R<'attachNic'> {
    return attachNic(this.host(p.hostId), p.domain, p.nic, p.persist);
  }
  async detachNic(p: P<'detachNic'>): R<'detachNic'> {
    return detachNic(this.host(p.hostId), p.domain, p.nic, p.persist);
  }
  async cdInsert(p: P<'cdInsert'>): R<'cdInsert'> {
    return cdInsert(this.host(p.hostId), p.domain, p.vdev, p.file);
  }
  async cdEject(p: P<'cdEject'>): R<'cdEject'> {
    return cdEject(this.host(p.hostId), p.domain, p.vdev);
  }
  async getDomainConfig(p: P<'getDomainConfig'>): R<'getDomainConfig'> {
    return getDomainConfig(this.host(p.hostId), p.domain);
  }
  async saveDomainConfig(p: P<'saveDomainConfig'>): R<'saveDomainConfig'> {
    return saveDomainConfig(this.host(p.hostId), p.domain, p);
  }
  async setDomainTags(p: P<'setDomainTags'>): R<'setDomainTags'> {
    this.hosts.summary(p.hostId); // the host must exist
    const tags = this.tags.set(p.hostId, p.domain, p.tags);
    // the next snapshot carries them; refresh now when connected so the UI sees them at once
    await this.hosts.refresh(p.hostId).catch(() => undefined);
    return tags;
  }
}
