// Details of one domain (one exec), and the config text: read with its version, save checked
// by `xl create -n`, atomically, with a timestamped backup, refused when the file changed.
import {
  ApiError,
  type DomainConfigText,
  type DomainDetails,
  type SaveConfigResult,
} from '../../../shared/api';
import { readConfigText } from '../../../shared/xen/inventory';
import { checkXlSyntax } from '../../../shared/xen/xlcfg';
import { parseXlInfo } from '../../../shared/xen/xlInfo';
import { parseXlListLong } from '../../../shared/xen/xlListLong';
import { parseXlSched, parseXlVcpuList } from '../../../shared/xen/xlVcpuSched';
import type { HostAccess } from './hostAccess';
import { schedulerCommand } from './lifecycle';
import { findDomain, isRunning, readHostFile, sha256, writeConfig } from './remote';

export async function domainDetails(h: HostAccess, name: string): Promise<DomainDetails> {
  const row = await findDomain(h, name, { cached: true });
  const running = isRunning(row);
  const { scheduler, cmd } = running ? await schedulerCommand(h) : { scheduler: '', cmd: null };
  const sections: { key: string; argv: string[] }[] = [{ key: 'info', argv: ['xl', 'info'] }];
  if (running) {
    sections.push({ key: 'long', argv: ['xl', 'list', '-l', name] });
    sections.push({ key: 'vcpus', argv: ['xl', 'vcpu-list', name] });
    if (cmd) sections.push({ key: 'sched', argv: ['xl', cmd, '-d', name] });
  }
  if (row.cfgPath) sections.push({ key: 'cfg', argv: ['cat', '--', row.cfgPath] });
  const out = await h.runSections(sections, { timeoutMs: 60000 });
  const ok = (k: string) => {
    const s = out.get(k);
    return s && s.rc === 0 ? s.output : null;
  };

  let config: DomainDetails['config'] = null;
  const long = ok('long');
  if (long) {
    try {
      config = parseXlListLong(long).find((d) => d.name === name) ?? null;
    } catch {
      config = null;
    }
  }
  let cfg: DomainDetails['cfg'] = null;
  let cfgErrors: string[] = [];
  const text = ok('cfg');
  if (text !== null) {
    cfg = readConfigText(text);
    cfgErrors = checkXlSyntax(text).map((e) => `${e.line}:${e.col}: ${e.message}`);
  }
  const vcpuList = running
    ? parseXlVcpuList(ok('vcpus') ?? '')
        .filter((v) => v.name === name)
        .map(({ name: _n, id: _i, ...v }) => v)
    : [];
  const schedRow = running ? parseXlSched(ok('sched') ?? '').find((s) => s.name === name) : undefined;
  const info = ok('info');
  return {
    row,
    config,
    cfg,
    cfgErrors,
    vcpuList,
    onlineVcpus: running && vcpuList.length ? vcpuList.filter((v) => v.online).length : null,
    sched: running
      ? { scheduler, ...(schedRow ? { weight: schedRow.weight, cap: schedRow.cap } : {}) }
      : null,
    hostFreeMemoryMiB: info ? parseXlInfo(info).freeMemoryMiB : null,
  };
}

async function configPath(h: HostAccess, name: string): Promise<string> {
  const row = await findDomain(h, name, { cached: true });
  if (!row.cfgPath) throw new ApiError('not-found', `${name} has no config file on ${h.label}.`);
  return row.cfgPath;
}

export async function getDomainConfig(h: HostAccess, name: string): Promise<DomainConfigText> {
  const path = await configPath(h, name);
  const text = await readHostFile(h, path);
  if (text === null) throw new ApiError('not-found', `${path} vanished from ${h.label}.`);
  return { path, text, version: sha256(text) };
}

export async function saveDomainConfig(
  h: HostAccess,
  name: string,
  p: { text: string; baseVersion: string },
): Promise<SaveConfigResult> {
  const path = await configPath(h, name);
  const r = await writeConfig(h, path, p.text, { expect: p.baseVersion, backup: true, check: true });
  await h.refresh();
  return { path, version: sha256(p.text), backupPath: r.backupPath, checkOutput: r.checkOutput };
}
