/**
 * Built-in timed configurations for `replcheck measure --config NAME`:
 * - `wan-small`: two zones of one cell each (three mobile hosts and one fixed host per cell),
 *   WAN latency uniform 50-150 ms, wireless 20-200 ms, LAN 1-5 ms; every host a client.
 * - `seed003-a` / `seed003-b`: seed 003's own experiment (section 5): one primary (the MS) and
 *   one secondary (cell c1), one client each, a transaction every 2 s of three writes and two
 *   reads, 5000 bytes per write, lazy primary copy with the primary placed at the MS (the
 *   secondary's writes are redirected there) and constant interaction (a transaction's writes
 *   leave the primary in one message); packets of 100 bytes (workload A) or 1000 bytes
 *   (workload B) on a bandwidth-limited WAN.
 */

const wanSmall = {
  name: 'wan-small',
  description: 'Two zones, one cell each with three mobile hosts and one fixed host; WAN 50-150 ms, wireless 20-200 ms, LAN 1-5 ms; every host a client (a transaction of 4 operations, half reads, every 2 s on average).',
  replication: {
    name: 'wan-small',
    topology: { zones: 2, cellsPerZone: 1, mobilePerCell: 3, fixedPerCell: 1, interestsPerHost: 1 },
    objects: { frequent: 2, infrequent: 0, itemsPerObject: 2 },
    writers: 'hosts',
  },
  network: {
    headerBytes: 40,
    links: {
      wireless: { latency: { type: 'uniform', min: 20, max: 200 }, bandwidth: 250_000, mtu: 1500, loss: 0.01 },
      lan: { latency: { type: 'uniform', min: 1, max: 5 }, bandwidth: 12_500_000, mtu: 1500, loss: 0 },
      wan: { latency: { type: 'uniform', min: 50, max: 150 }, bandwidth: 1_250_000, mtu: 1500, loss: 0.001 },
    },
    edges: { 'mobile-cell': 'wireless', 'fixed-cell': 'lan', 'cell-zone': 'wan', 'zone-master': 'wan' },
  },
  sizes: { updatePayload: 100 },
  database: { read: { type: 'constant', value: 2 }, write: { type: 'constant', value: 5 } },
  servers: { master: { type: 'exponential', mean: 2 }, zone: { type: 'constant', value: 1 }, cell: { type: 'constant', value: 1 } },
  workload: { clientsPerHost: 1, interArrival: { type: 'exponential', mean: 2000 }, opsPerTransaction: 4, readRatio: 0.5, hotSpot: { items: 0.5, accesses: 0.8 } },
  durationMs: 60_000,
  binMs: 1000,
  horizonMs: 10_000,
};

function seed003(packet: number, suffix: string, workload: string) {
  return {
    name: `seed003-${suffix}`,
    description: `Seed 003, section 5, workload ${workload}: one primary (ms) and one secondary (c1), one client each, a transaction every 2 s of three writes and two reads, 5000 bytes per write, the secondary's writes redirected to the primary, constant interaction, ${packet}-byte packets on a 256 kbit/s WAN; run with --mechanisms primary-copy.`,
    replication: {
      name: `seed003-${suffix}`,
      master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }], hosts: [],
      objects: [{ id: 'o', kind: 'frequent', items: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], related: [] }],
      writers: ['ms', 'c1'],
      // The primary of o is at the MS; the secondary's client's writes are redirected there.
      knobs: { primaryPlacement: { o: 'ms' }, secondaryWrites: 'redirect' },
    },
    network: {
      headerBytes: 20,
      links: {
        wan: { latency: { type: 'constant', value: 25 }, bandwidth: 32_000, mtu: packet, loss: 0 },
        relay: { latency: { type: 'constant', value: 0 }, bandwidth: 1e9, mtu: packet, loss: 0 },
      },
      edges: { 'cell-zone': 'wan', 'zone-master': 'relay' },
    },
    sizes: { updatePayload: 5000 },
    database: { read: { type: 'constant', value: 5 }, write: { type: 'constant', value: 10 } },
    workload: { clientsPerHost: 0, clients: { ms: 1, c1: 1 }, interArrival: { type: 'constant', value: 2000 }, opsPerTransaction: 5, readRatio: 0.4, mix: 'fixed', interaction: 'constant' },
    durationMs: 30_000,
    binMs: 100,
    horizonMs: 5_000,
  };
}

/** The timed presets by name. */
export const TIMED_PRESETS: Record<string, unknown> = {
  'wan-small': wanSmall,
  'seed003-a': seed003(100, 'a', 'A'),
  'seed003-b': seed003(1000, 'b', 'B'),
};
