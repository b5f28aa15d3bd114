// Strings of the create wizard (issue 6), kept beside the components (namespace "wizard"; other
// languages in ../locales/<lang>/wizard.json, see ../i18n.ts — issue 9).
import { registerStrings } from '../i18n';

export const NS = 'wizard';

export const en = {
  'wizard.toolbar.newDomain': 'New domain',
  'wizard.toolbar.newDomain.hint': 'Create a new guest domain on the selected host',
  'wizard.toolbar.newDomain.notConnected': 'Connect the host first',
  'wizard.created.toast': '{{name}} created and started',

  'wizard.title': 'New domain',
  'wizard.title.on': 'New domain on {{host}}',
  'wizard.steps': 'Steps',
  'wizard.stepOf': 'Step {{n}} of {{total}}',
  'wizard.step.hasErrors': '(has problems)',
  'wizard.step.name': 'Name and host',
  'wizard.step.type': 'Guest type',
  'wizard.step.source': 'Install source',
  'wizard.step.resources': 'Memory and vCPUs',
  'wizard.step.storage': 'Storage',
  'wizard.step.network': 'Network',
  'wizard.step.console': 'Console and graphics',
  'wizard.step.behaviour': 'Behaviour',
  'wizard.step.summary': 'Summary',
  'wizard.step.name.title': 'Name the domain and choose its host',
  'wizard.step.type.title': 'What kind of guest?',
  'wizard.step.source.title': 'Where does the operating system come from?',
  'wizard.step.resources.title': 'Memory and virtual CPUs',
  'wizard.step.storage.title': 'Disks',
  'wizard.step.network.title': 'Network interfaces',
  'wizard.step.console.title': 'Console and graphics',
  'wizard.step.behaviour.title': 'When the guest stops, reboots or crashes',
  'wizard.step.summary.title': 'Check the configuration and create',
  'wizard.cancel': 'Cancel',
  'wizard.back': 'Back',
  'wizard.forward': 'Forward',
  'wizard.finish': 'Create',
  'wizard.creating': 'Creating…',
  'wizard.creatingName': 'Creating {{name}}',
  'wizard.retry': 'Retry',
  'wizard.optional': 'optional',
  'wizard.browse': 'Browse…',
  'wizard.free': '{{free}} free',
  'wizard.unit': 'Unit of {{field}}',
  'wizard.advanced': 'Advanced',
  'wizard.loadingOptions': 'Reading {{host}}: memory, CPUs, bridges, storage…',
  'wizard.optionsFailed': 'Could not read the host’s resources: {{message}}',
  'wizard.discard.title': 'Discard the new domain?',
  'wizard.discard.body': 'What you entered in the wizard is lost. Nothing was created on the host.',
  'wizard.discard.bodyUpload':
    'The upload in progress is cancelled and its partial file removed from the host.',
  'wizard.discard.ok': 'Discard',

  'wizard.name.intro':
    'The name identifies the domain in xl and names its config file. It must be unique on the host among running and defined domains.',
  'wizard.name.label': 'Name',
  'wizard.name.placeholder': 'e.g. web01',
  'wizard.name.hint':
    'Letters, digits, “_”, “.” and “-”, starting with a letter or digit. The config goes to /etc/xen/NAME.cfg.',
  'wizard.host.label': 'Host',
  'wizard.host.hint': 'Connected hosts only.',
  'wizard.host.memory': 'Memory',
  'wizard.host.memoryValue': '{{free}} free of {{total}}',
  'wizard.host.cpus': 'Physical CPUs',
  'wizard.host.types': 'Guest types',
  'wizard.host.domains': 'Domains',

  'wizard.type.legend': 'Virtualization type',
  'wizard.type.pv': 'PV (paravirtualized)',
  'wizard.type.pv.help':
    'The guest kernel knows it runs on Xen: no emulation, no BIOS. Any Linux or BSD kernel with Xen support; boots a kernel, not an ISO.',
  'wizard.type.pvh': 'PVH',
  'wizard.type.pvh.help':
    'PV drivers on hardware virtualization: the lean modern choice for Linux ≥ 4.11 and FreeBSD. No emulated devices, no BIOS.',
  'wizard.type.hvm': 'HVM (fully virtualized)',
  'wizard.type.hvm.help':
    'An emulated PC (BIOS, IDE disks, NICs, VGA) through QEMU: any operating system, Windows included; boots install ISOs.',
  'wizard.type.hvm.unavailable':
    'Not on this host: xl info’s virt_caps has no hvm (VT-x/AMD-V off or missing).',
  'wizard.type.pvh.unavailable':
    'Not on this host: PVH needs hardware virtualization (virt_caps has no hvm).',

  'wizard.source.legend': 'Install source',
  'wizard.source.cdrom': 'ISO image on the host',
  'wizard.source.upload': 'Upload an ISO from this computer',
  'wizard.source.network': 'Network install (distribution tree URL)',
  'wizard.source.pxe': 'Network boot (PXE)',
  'wizard.source.import': 'Import an existing disk image or device',
  'wizard.source.kernel': 'Direct kernel boot',
  'wizard.source.cdrom.hvm':
    'Attached as the CD-ROM (hdc); the guest boots it first, then its disk (boot="dc").',
  'wizard.source.cdrom.pv': 'HVM only: a PV guest has no emulated CD-ROM or BIOS.',
  'wizard.source.upload.hvm': 'Copied to the host over SFTP, then used as the CD-ROM.',
  'wizard.source.upload.pv': 'HVM only, like an ISO on the host.',
  'wizard.source.network.hvm':
    'The installer’s kernel and initrd are fetched on the host into /var/lib/xen/boot/NAME/ and booted directly.',
  'wizard.source.network.pv':
    'The installer’s Xen-capable kernel and initrd are fetched on the host into /var/lib/xen/boot/NAME/ and booted directly.',
  'wizard.source.pxe.hvm': 'The emulated NIC boots from DHCP/TFTP (boot="n").',
  'wizard.source.pxe.pv': 'Through the legacy PV bootloader pypxeboot, where the host has it.',
  'wizard.source.import.hvm':
    'The image becomes the first disk and boots from its own boot loader (boot="c").',
  'wizard.source.import.pv':
    'The image becomes the first disk; pygrub reads the kernel from its GRUB config.',
  'wizard.source.kernel.hvm': 'Boot a kernel and initrd that are on the host, with your command line.',
  'wizard.source.kernel.pv': 'Boot a kernel and initrd that are on the host, with your command line.',
  'wizard.source.iso.unavailable': '{{type}} guests cannot boot an ISO image: choose HVM under Guest type.',
  'wizard.source.pxe.unavailable': 'pypxeboot is not installed on this host: PXE needs HVM here.',
  'wizard.source.pxe.unavailable.pvh':
    'PVH guests cannot boot from the network: choose HVM, or PV with pypxeboot.',
  'wizard.source.import.unavailable': 'pygrub is not installed on this host: importing needs HVM here.',
  'wizard.source.iso.label': 'ISO image',
  'wizard.source.iso.hint': 'A path on the host, e.g. below /var/lib/xen/iso.',
  'wizard.source.url.label': 'Distribution tree URL',
  'wizard.source.url.hint':
    'The tree’s Xen kernel and initrd (e.g. …/netboot/xen/ for Debian, images/pxeboot/ for Fedora) are fetched on the host into /var/lib/xen/boot/{{name}}/.',
  'wizard.source.extra.label': 'Extra kernel arguments',
  'wizard.source.extra.hint':
    'Optional: kickstart, preseed or autoinstall arguments, appended to the kernel command line.',
  'wizard.source.pxe.note.hvm':
    'The guest boots from its first network interface (boot="n"): your DHCP server must offer it a boot file. Keep at least one NIC on a bridge that reaches it.',
  'wizard.source.pxe.note.pv': 'The guest boots through {{path}} on its first network interface (DHCP/TFTP).',
  'wizard.source.import.label': 'Disk image or block device with an installed system',
  'wizard.source.import.hint': 'It becomes the first disk. Nothing is copied: the guest uses it in place.',
  'wizard.source.kernel.label': 'Kernel',
  'wizard.source.ramdisk.label': 'Initrd (ramdisk)',
  'wizard.source.cmdline.label': 'Kernel command line',
  'wizard.source.cmdline.hint':
    'Default: {{default}}. console=hvc0 is the PV console XenDesk opens after creating.',
  'wizard.browse.iso': 'Choose an ISO image on the host',
  'wizard.browse.image': 'Choose a disk image or block device on the host',
  'wizard.browse.kernel': 'Choose a kernel on the host',
  'wizard.browse.ramdisk': 'Choose an initrd on the host',

  'wizard.upload.file': 'ISO file on this computer',
  'wizard.upload.hint': 'Copied to the host over SFTP; when done, it is the install source.',
  'wizard.upload.dir': 'Directory on the host',
  'wizard.upload.name': 'File name on the host',
  'wizard.upload.start': 'Upload ({{size}})',
  'wizard.upload.startNoFile': 'Upload',
  'wizard.upload.cancel': 'Cancel upload',
  'wizard.upload.progress': 'Uploading to {{path}}',
  'wizard.upload.bytes': '{{done}} of {{total}}',
  'wizard.upload.exists':
    '{{path}} already exists on the host: choose it as “ISO image on the host”, or another name.',
  'wizard.upload.failed': 'The upload failed: {{message}}',

  'wizard.memory.label': 'Memory',
  'wizard.memory.hint': '{{free}} free of {{total}} on the host.',
  'wizard.vcpus.label': 'vCPUs',
  'wizard.vcpus.hint': 'The host has {{cpus}} physical CPUs.',
  'wizard.maxmem.label': 'Maximum memory (maxmem)',
  'wizard.maxmem.placeholder': 'same as memory',
  'wizard.maxmem.hint': 'Above the memory, the guest can be ballooned up to this later (xl mem-set).',
  'wizard.maxvcpus.label': 'Maximum vCPUs',
  'wizard.maxvcpus.placeholder': 'same',
  'wizard.maxvcpus.hint': 'vCPUs that can be hot-added later (xl vcpu-set).',

  'wizard.storage.intro':
    'The first disk is the boot disk. New images are created when you press Create, and removed again if creating fails.',
  'wizard.storage.disk': 'Disk {{n}}',
  'wizard.storage.boot': 'boot disk',
  'wizard.storage.imported': 'Imported disk',
  'wizard.storage.changeSource': 'Change…',
  'wizard.storage.cdrom': 'CD-ROM (install ISO)',
  'wizard.storage.vdev.hint': 'The virtual device the guest sees',
  'wizard.storage.remove': 'Remove',
  'wizard.storage.remove.label': 'Remove disk {{vdev}}',
  'wizard.storage.kind': 'Kind',
  'wizard.storage.kind.file': 'New image file',
  'wizard.storage.kind.lvm': 'New LVM logical volume',
  'wizard.storage.kind.existing': 'Existing image or block device',
  'wizard.storage.format': 'Format',
  'wizard.storage.format.raw': 'raw (sparse)',
  'wizard.storage.format.qcow2': 'qcow2',
  'wizard.storage.format.raw.help':
    'raw: created sparse with truncate; space is used as the guest writes. Fastest, and readable by every tool.',
  'wizard.storage.format.qcow2.help':
    'qcow2: created with qemu-img; grows as the guest writes, supports snapshots.',
  'wizard.storage.dir': 'Directory',
  'wizard.storage.dirOption': '{{path}} ({{free}} free)',
  'wizard.storage.fileName': 'File name',
  'wizard.storage.size': 'Size (GiB)',
  'wizard.storage.vg': 'Volume group',
  'wizard.storage.vg.none': 'No volume groups on this host',
  'wizard.storage.vgOption': '{{name}} ({{free}} free)',
  'wizard.storage.lv': 'Logical volume name',
  'wizard.storage.lv.hint': 'Created with lvcreate as {{path}} (phy:).',
  'wizard.storage.existing': 'Image file or block device',
  'wizard.storage.existing.hint': 'Used in place: a file, or a device such as /dev/vg0/data (phy:).',
  'wizard.storage.none': 'No disks: the guest runs from its install source or the network only.',
  'wizard.storage.add': 'Add disk',

  'wizard.network.intro': 'Bridges on this host: {{bridges}}.',
  'wizard.network.noBridges':
    'This host has no network bridge: the guest can have no network until one exists (e.g. xenbr0).',
  'wizard.network.nic': 'Network interface {{n}}',
  'wizard.network.remove': 'Remove',
  'wizard.network.remove.label': 'Remove network interface {{n}}',
  'wizard.network.bridge': 'Bridge',
  'wizard.network.bridge.hint': 'The host bridge the vif joins.',
  'wizard.network.mac': 'MAC address',
  'wizard.network.mac.hint': 'Generated in Xen’s 00:16:3e range, unique on this host.',
  'wizard.network.mac.new': 'New',
  'wizard.network.mac.new.hint': 'Generate another MAC address',
  'wizard.network.model': 'Model',
  'wizard.network.model.hint': 'The emulated NIC an HVM guest sees.',
  'wizard.network.none': 'No network interfaces: the guest has no network.',
  'wizard.network.add': 'Add network interface',

  'wizard.console.serial': 'Serial console: always',
  'wizard.console.serial.pv':
    'PV and PVH guests write to hvc0, Xen’s PV console (console=hvc0 on the kernel command line). XenDesk opens it right after creating the domain.',
  'wizard.console.serial.hvm':
    'serial="pty" gives the guest an emulated UART (ttyS0) that xl console -t serial reaches; use console=ttyS0 in the guest.',
  'wizard.console.vnc': 'VNC display',
  'wizard.console.vnc.help':
    'Listens on the host’s 127.0.0.1 only (XenDesk tunnels it over SSH), with a USB tablet for an absolute pointer. Opened after creating.',
  'wizard.console.vfb': 'Virtual framebuffer (vfb) with VNC',
  'wizard.console.vfb.help':
    'A graphical console for a PV guest; it needs the xen-fbfront driver in the guest.',
  'wizard.console.password': 'VNC password',
  'wizard.console.password.hint':
    'Optional, at most 8 characters (VNC’s limit). Anyone on the host’s loopback can connect without one.',

  'wizard.behaviour.intro': 'What Xen does when the guest powers off, reboots or crashes.',
  'wizard.behaviour.poweroff': 'On power off',
  'wizard.behaviour.reboot': 'On reboot',
  'wizard.behaviour.crash': 'On crash',
  'wizard.behaviour.action.destroy': 'destroy — stop the domain',
  'wizard.behaviour.action.restart': 'restart — start it again',
  'wizard.behaviour.action.rename-restart': 'rename-restart — keep the old one, start a new one',
  'wizard.behaviour.action.preserve': 'preserve — keep it for debugging',
  'wizard.behaviour.action.coredump-destroy': 'coredump-destroy — dump core, then stop',
  'wizard.behaviour.action.coredump-restart': 'coredump-restart — dump core, then restart',
  'wizard.behaviour.actions.help':
    'Core dumps go to /var/lib/xen/dump. A preserved domain stays until you destroy it.',
  'wizard.behaviour.autostart': 'Start the domain when the host boots',
  'wizard.behaviour.autostart.help':
    'Links /etc/xen/{{name}}.cfg into /etc/xen/auto for the xendomains service.',

  'wizard.summary.fixFirst': 'Fix these first:',
  'wizard.summary.goTo': 'Go to {{step}}',
  'wizard.summary.name': 'Name',
  'wizard.summary.host': 'Host',
  'wizard.summary.type': 'Type',
  'wizard.summary.source': 'Install',
  'wizard.summary.resources': 'Resources',
  'wizard.summary.resourcesValue_one': '{{memory}}, {{count}} vCPU',
  'wizard.summary.resourcesValue_other': '{{memory}}, {{count}} vCPUs',
  'wizard.summary.disks': 'Disks',
  'wizard.summary.diskFile': 'new {{size}} GiB {{format}} image',
  'wizard.summary.diskLvm': 'new {{size}} GiB volume in {{vg}}',
  'wizard.summary.network': 'Network',
  'wizard.summary.console': 'Console',
  'wizard.summary.consoleVnc': 'serial + VNC',
  'wizard.summary.consoleSerial': 'serial',
  'wizard.summary.none': 'none',
  'wizard.summary.checking': 'Checking with xl create -n on the host…',
  'wizard.summary.ok': 'xl create -n accepts this configuration',
  'wizard.summary.refused': 'xl create -n refuses this configuration',
  'wizard.summary.unchecked': 'Not checked yet: press “Check again”.',
  'wizard.summary.stale':
    'The settings changed since you edited the config: regenerate it, or check your text again.',
  'wizard.summary.checkAgain': 'Check again',
  'wizard.summary.regenerate': 'Regenerate',
  'wizard.summary.regenerate.hint': 'Throw away your edits and generate the config from the settings again',
  'wizard.summary.editor': 'Configuration of {{name}} (xl.cfg)',
  'wizard.summary.editedHint':
    'Edited by hand: Create writes this text to /etc/xen as it is, after checking it again.',
  'wizard.summary.previewFailed': 'Could not check the configuration: {{message}}',
  'wizard.summary.hint.fix': 'Fix the problems listed above first',
  'wizard.summary.hint.check': 'Check the configuration first',
  'wizard.summary.hint.refused': 'xl refuses this configuration',
  'wizard.summary.createFailed': 'Could not create {{name}}',
  'wizard.summary.createFailed.undo':
    'What the wizard had made on the host was removed again; nothing else was touched.',
  'wizard.summary.failedStep': 'Failed at: {{step}}',
  'wizard.summary.undone': 'Removed again',
  'wizard.summary.leftBehind': 'Could not remove (check by hand)',

  'wizard.browser.path': 'Directory on the host',
  'wizard.browser.go': 'Go',
  'wizard.browser.up': 'Parent directory',
  'wizard.browser.all': 'Show all files (not only {{filter}})',
  'wizard.browser.loading': 'Reading the directory…',
  'wizard.browser.empty': 'Nothing to choose here.',
  'wizard.browser.list': 'Contents of {{path}}',
  'wizard.browser.block': 'block device',
  'wizard.browser.choose': 'Choose',
  'wizard.browser.failed': 'Could not list {{path}}: {{message}}',

  'wizard.err.nameRequired': 'Enter a name.',
  'wizard.err.nameChars':
    'Use letters, digits, “_”, “.” and “-”, starting with a letter or digit (at most 64).',
  'wizard.err.nameTaken': 'A domain named {{name}} already exists on this host.',
  'wizard.err.sourceType':
    '{{type}} guests cannot boot this source: choose another one or change the guest type.',
  'wizard.err.pathRequired': 'Enter a path on the host, or browse.',
  'wizard.err.path': 'Not a usable path on the host.',
  'wizard.err.uploadFirst': 'Choose a file and upload it first.',
  'wizard.err.urlRequired': 'Enter the URL of the distribution tree.',
  'wizard.err.number': 'Enter a number.',
  'wizard.err.memoryMin': 'At least 32 MiB.',
  'wizard.err.memoryFree': 'Only {{free}} of memory is free on the host.',
  'wizard.err.vcpus': 'Enter a whole number of at least 1.',
  'wizard.err.sizeZero': 'The size must be more than 0.',
  'wizard.err.fileName': 'A file name of letters, digits and “_ . + @ : ~ -” (no “/”).',
  'wizard.err.vgRequired': 'Choose a volume group.',
  'wizard.err.noLvm': 'This host has no LVM volume group.',
  'wizard.err.lvName': 'Enter a logical volume name.',
  'wizard.err.bridgeRequired': 'Choose a bridge.',
  'wizard.err.bridgeMissing': 'The host has no bridge {{bridge}}.',
  'wizard.err.mac': 'A MAC address such as 00:16:3e:12:34:56.',
  'wizard.err.vncLong': 'VNC passwords are at most 8 characters.',
} as const;

export type WizardStringKey = keyof typeof en;
const translate = registerStrings(NS, en);

/** Look up a wizard string and fill in `{{vars}}` (template keys like `wizard.step.${id}` are allowed). */
export function tw(
  key: WizardStringKey | `wizard.${string}`,
  vars?: Record<string, string | number>,
): string {
  return translate(key, vars);
}
