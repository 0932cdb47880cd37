// Reads process and machine counters from Linux's /proc. Pure reads, no state: the resource sampler
// turns successive readings into rates.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';

/** USER_HZ: the kernel reports CPU times in 1/100 s on every mainstream Linux ABI (`getconf CLK_TCK`). */
export const CLOCK_TICKS_PER_SECOND = 100;
/** Page size for the `rss` field of /proc/<pid>/stat: 4 KiB on x86-64 and default arm64 kernels. */
const PAGE_BYTES = 4096;

export interface ProcessStat {
  pid: number;
  ppid: number;
  /** utime + stime, clock ticks. */
  cpuTicks: number;
  threads: number;
  rssBytes: number;
}

/** /proc/<pid>/stat, or undefined when the process is gone. */
export function readProcessStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    threads: Number(fields[17]),
    rssBytes: Number(fields[21]) * PAGE_BYTES,
  };
}

/** Every pid on the machine. */
export function listPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}

/** Child pids of every thread of `pid` (/proc/<pid>/task/<tid>/children), or undefined if unsupported. */
function childPids(pid: number): number[] | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tids) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' '))
        if (child !== '' && child !== '\n') children.push(Number(child));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && tid === String(pid)) return undefined;
    }
  }
  return children;
}

/**
 * The roots and all their descendants, with their stats. Walks the kernel's children lists from the
 * roots (a few reads per process) rather than reading every process on the machine each second.
 */
export function processTree(roots: readonly number[]): ProcessStat[] {
  const tree: ProcessStat[] = [];
  const seen = new Set<number>();
  const queue = [...roots];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const stat = readProcessStat(pid);
    if (stat === undefined) continue;
    tree.push(stat);
    const children = childPids(pid);
    if (children === undefined) return processTreeByScan(roots); // kernel without CONFIG_PROC_CHILDREN
    queue.push(...children);
  }
  return tree;
}

/** The same tree found by reading every process's parent: the fallback for kernels without children lists. */
function processTreeByScan(roots: readonly number[]): ProcessStat[] {
  const stats = listPids()
    .map(readProcessStat)
    .filter((s): s is ProcessStat => s !== undefined);
  const children = new Map<number, ProcessStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const tree: ProcessStat[] = [];
  const queue = roots.filter((pid) => byPid.has(pid));
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    tree.push(byPid.get(pid) as ProcessStat);
    for (const child of children.get(pid) ?? []) queue.push(child.pid);
  }
  return tree;
}

/**
 * Open descriptors of a process and how many of them are sockets. Asynchronous on purpose: it takes a
 * readlink per descriptor, ≈ 2 ms in one go for a server holding a few hundred connections, and the
 * sampler runs inside the proxy — done synchronously, that block once a second sat in the proxy's p99.
 */
export async function openFiles(pid: number): Promise<{ fds: number; sockets: number }> {
  let entries: string[];
  try {
    entries = await readdir(`/proc/${pid}/fd`);
  } catch {
    return { fds: 0, sockets: 0 };
  }
  const links = await Promise.all(
    // A descriptor closed between readdir and readlink simply does not count as a socket.
    entries.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')),
  );
  return { fds: entries.length, sockets: links.filter((link) => link.startsWith('socket:')).length };
}

/** Pids whose command name (/proc/<pid>/comm) is `name`. */
export function pidsNamed(name: string): number[] {
  return listPids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'latin1').trim() === name;
    } catch {
      return false;
    }
  });
}

export interface MachineCounters {
  /** Busy and total CPU ticks over all cores. */
  cpuBusy: number;
  cpuTotal: number;
  diskReadBytes: number;
  diskWriteBytes: number;
  netRxBytes: number;
  netTxBytes: number;
}

function isWholeDisk(name: string): boolean {
  if (/^(loop|ram|zram|dm-)/.test(name)) return false;
  try {
    readdirSync(`/sys/block/${name}`);
    return true;
  } catch {
    return false;
  }
}

/** Machine-wide CPU, disk and network counters (loopback excluded: it is the load itself). */
export function readMachineCounters(): MachineCounters {
  const cpu = (readFileSync('/proc/stat', 'latin1').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + (b || 0), 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
  let diskReadBytes = 0;
  let diskWriteBytes = 0;
  try {
    for (const line of readFileSync('/proc/diskstats', 'latin1').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !isWholeDisk(f[2] as string)) continue;
      diskReadBytes += Number(f[5]) * 512; // sectors are 512 bytes in /proc/diskstats whatever the device
      diskWriteBytes += Number(f[9]) * 512;
    }
  } catch {
    // no diskstats in some containers
  }
  let netRxBytes = 0;
  let netTxBytes = 0;
  try {
    for (const line of readFileSync('/proc/net/dev', 'latin1').split('\n').slice(2)) {
      const [iface, rest] = line.split(':');
      if (rest === undefined || iface?.trim() === 'lo') continue;
      const f = rest.trim().split(/\s+/);
      netRxBytes += Number(f[0]);
      netTxBytes += Number(f[8]);
    }
  } catch {
    // no network namespace view
  }
  return { cpuBusy: total - idle, cpuTotal: total, diskReadBytes, diskWriteBytes, netRxBytes, netTxBytes };
}

/** The pid that has a TCP socket listening on `port` (IPv4 or IPv6), found through socket inodes. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT" in hex; state 0A is LISTEN; the inode is field 10.
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A' && f[9]) inodes.add(`socket:[${f[9]}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of listPids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
      } catch {
        // gone
      }
    }
  }
  return undefined;
}
