// Small value schemas shared by the API contract (./api.ts) and the create wizard's spec
// (./create/spec.ts); kept apart so neither imports the other.
import { z } from 'zod';

// Xen domain names: libxl accepts almost anything, but names reach shells, file names
// (/etc/xen/NAME.cfg) and URLs, so XenDesk accepts the conservative set xl users use.
export const DOMAIN_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const DomainNameSchema = z
  .string()
  .regex(
    DOMAIN_NAME_RE,
    'domain names use letters, digits, "_", "." and "-", and start with a letter or digit',
  );
/** An existing domain may be addressed by name; Domain-0 included. */
export const DomainRefSchema = z.union([DomainNameSchema, z.literal('Domain-0')]);

export const HostIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

/**
 * A path on dom0 that XenDesk passes to xl, cp, stat… (always quoted as ONE argv element).
 * Absolute, no `..` segment, no control characters, and a conservative character set: xl's
 * disk/vif specs split on "," and "=" so those are refused too.
 */
export const HostPathSchema = z
  .string()
  .max(4096)
  .regex(/^\/[A-Za-z0-9_./+@:~-]*$/, 'an absolute path of letters, digits and "_ . / + @ : ~ -"')
  .refine((p) => !p.split('/').includes('..'), 'the path must not contain ".."')
  .refine((p) => !p.split('/').some((seg) => seg.startsWith('-')), 'no path segment may start with "-"');

/** Virtual device names: xvda, hdc, sdb1, vdb, xvdaa, or a bare number. */
export const VDEV_RE = /^(?:(?:xvd|hd|sd|vd)[a-z]{1,3}[0-9]{0,2}|[0-9]{1,6})$/;
export const VdevSchema = z.string().regex(VDEV_RE, 'a virtual device such as xvdb or hdc');

export const MAC_RE = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/;
export const MacSchema = z.string().regex(MAC_RE, 'a MAC address such as 00:16:3e:12:34:56');
/** Bridge / interface names (Linux IFNAMSIZ). */
export const BRIDGE_RE = /^[A-Za-z0-9_.-]{1,15}$/;
export const BridgeSchema = z.string().regex(BRIDGE_RE, 'a bridge name such as xenbr0');

/** Client-chosen id that ties taskProgress events to the call that started the task. */
export const TaskIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
