// How domain figures are worded in the table and the Domain-0 card.
import { formatMiB, formatNumber } from '../../shared/format';
import type { DomainRow } from '../../shared/types';
import { t } from './strings';

export function memoryText(row: DomainRow): string {
  const current = formatMiB(row.memoryMiB);
  if (row.maxMemoryMiB !== null && row.maxMemoryMiB !== row.memoryMiB) {
    return t('domains.memoryWithMax', { current, max: formatMiB(row.maxMemoryMiB) });
  }
  return current;
}

export function vcpusText(row: DomainRow): string {
  if (row.maxVcpus !== null && row.maxVcpus !== row.vcpus) {
    return t('domains.vcpusWithMax', { online: row.vcpus, max: row.maxVcpus });
  }
  return String(row.vcpus);
}

export function vcpusHint(row: DomainRow): string | undefined {
  if (row.maxVcpus !== null && row.maxVcpus !== row.vcpus) {
    return t('domains.vcpusWithMax.hint', { online: row.vcpus, max: row.maxVcpus });
  }
  return undefined;
}

export function cpuText(percent: number | null): string {
  if (percent === null) return t('common.none');
  return `${formatNumber(percent, { digits: 1, fixed: true })}%`;
}

/**
 * xentop's CPU(%) is relative to ONE physical CPU (a busy 4-vCPU guest shows 400%):
 * the bar shows how busy the domain's own vCPUs are.
 */
export function cpuFraction(percent: number | null, vcpus: number): number {
  if (percent === null) return 0;
  return Math.max(0, Math.min(1, percent / (100 * Math.max(1, vcpus))));
}

export function typeText(row: DomainRow): string {
  return row.type === null ? t('common.none') : t(`type.${row.type}`);
}
