/**
 * Delay distributions of the timed layer, in milliseconds: constant, uniform, exponential,
 * lognormal and an empirical table. `checkDistribution` validates a user's spec and returns one
 * line naming the field (or undefined); `sampler` turns a valid spec into a function of a seeded
 * {@link Rng}; `distributionMean` is the analytic mean (for validation tests and presets).
 */
import type { Rng } from './prng.ts';

/** A distribution as a configuration writes it (values in ms). */
export type Distribution =
  | { type: 'constant'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'exponential'; mean: number }
  | { type: 'lognormal'; mu: number; sigma: number }
  | { type: 'empirical'; values: number[]; weights?: number[] };

const FIELDS: Record<Distribution['type'], string[]> = {
  constant: ['value'],
  uniform: ['min', 'max'],
  exponential: ['mean'],
  lognormal: ['mu', 'sigma'],
  empirical: ['values'],
};

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Checks `spec` at `field` (e.g. `network.links.wan.latency`): a message naming the bad field and
 * the fix, or undefined when it is a valid distribution of non-negative delays.
 */
export function checkDistribution(spec: unknown, field: string): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return `${field} must be a distribution object such as {"type": "constant", "value": 10}`;
  }
  const d = spec as Record<string, unknown>;
  const type = d.type;
  if (typeof type !== 'string' || !(type in FIELDS)) {
    return `${field}.type must be one of ${Object.keys(FIELDS).join(', ')} (got ${JSON.stringify(type)})`;
  }
  for (const f of FIELDS[type as Distribution['type']]) {
    if (d[f] === undefined) return `${field}.${f} is missing (a ${type} distribution needs ${FIELDS[type as Distribution['type']].join(' and ')})`;
  }
  for (const k of Object.keys(d)) {
    if (k !== 'type' && !FIELDS[type as Distribution['type']].includes(k) && !(type === 'empirical' && k === 'weights')) {
      return `${field}.${k} is not a parameter of a ${type} distribution (it takes ${FIELDS[type as Distribution['type']].join(', ')})`;
    }
  }
  const nonNeg = (f: string): string | undefined => {
    const v = d[f];
    if (!isNum(v)) return `${field}.${f} must be a number (got ${JSON.stringify(v)})`;
    if (v < 0) return `${field}.${f} must not be negative (got ${v}): delays are at least 0 ms`;
    return undefined;
  };
  switch (type) {
    case 'constant': return nonNeg('value');
    case 'uniform': {
      const e = nonNeg('min') ?? nonNeg('max');
      if (e) return e;
      return (d.max as number) < (d.min as number) ? `${field}.max must be at least ${field}.min (got min ${String(d.min)}, max ${String(d.max)})` : undefined;
    }
    case 'exponential': {
      const e = nonNeg('mean');
      return e ?? ((d.mean as number) === 0 ? `${field}.mean must be positive (use a constant 0 for no delay)` : undefined);
    }
    case 'lognormal': {
      if (!isNum(d.mu)) return `${field}.mu must be a number (the mean of the log of the delay in ms)`;
      if (!isNum(d.sigma) || d.sigma < 0) return `${field}.sigma must be a non-negative number (got ${JSON.stringify(d.sigma)})`;
      return undefined;
    }
    case 'empirical': {
      const vs = d.values;
      if (!Array.isArray(vs) || vs.length === 0) return `${field}.values must be a non-empty list of delays in ms`;
      for (const [i, v] of vs.entries()) {
        if (!isNum(v)) return `${field}.values[${i}] must be a number (got ${JSON.stringify(v)})`;
        if (v < 0) return `${field}.values[${i}] must not be negative (got ${v})`;
      }
      if (d.weights !== undefined) {
        const ws = d.weights;
        if (!Array.isArray(ws) || ws.length !== vs.length) return `${field}.weights must list one weight per value (${vs.length})`;
        for (const [i, w] of ws.entries()) if (!isNum(w) || w < 0) return `${field}.weights[${i}] must be a non-negative number`;
        if (!(ws as number[]).some((w) => w > 0)) return `${field}.weights must not all be 0`;
      }
      return undefined;
    }
  }
  return undefined;
}

/** A standard normal deviate (Box-Muller, one of the pair). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng.open())) * Math.cos(2 * Math.PI * rng.next());
}

/** A sampling function for a valid distribution. */
export function sampler(d: Distribution): (rng: Rng) => number {
  switch (d.type) {
    case 'constant': return () => d.value;
    case 'uniform': return (rng) => d.min + (d.max - d.min) * rng.next();
    case 'exponential': return (rng) => -d.mean * Math.log(rng.open());
    case 'lognormal': return (rng) => Math.exp(d.mu + d.sigma * normal(rng));
    case 'empirical': {
      const ws = d.weights ?? d.values.map(() => 1);
      const total = ws.reduce((a, b) => a + b, 0);
      const cum: number[] = [];
      let acc = 0;
      for (const w of ws) { acc += w / total; cum.push(acc); }
      return (rng) => {
        const u = rng.next();
        let k = 0;
        while (k < cum.length - 1 && u >= cum[k]!) k++;
        return d.values[k]!;
      };
    }
  }
}

/** The analytic mean of a distribution. */
export function distributionMean(d: Distribution): number {
  switch (d.type) {
    case 'constant': return d.value;
    case 'uniform': return (d.min + d.max) / 2;
    case 'exponential': return d.mean;
    case 'lognormal': return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'empirical': {
      const ws = d.weights ?? d.values.map(() => 1);
      const total = ws.reduce((a, b) => a + b, 0);
      return d.values.reduce((a, v, i) => a + (v * ws[i]!) / total, 0);
    }
  }
}
