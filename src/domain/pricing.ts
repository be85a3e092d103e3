/** Prices and the quote formula (docs/decisions.md#quote; one formula for every settlement path). All amounts in halala. */

export const SAR_USD_RATE = 3.75;

export const JOB_TYPES = [
  'image_generation',
  'llm-inference',
  'llm_inference',
  'rendering',
  'training',
  'benchmark',
  'custom_container',
  'vllm_serve',
  'rag-pipeline',
] as const;
export type JobType = (typeof JOB_TYPES)[number];

const JOB_TYPE_RATES_HALALA_PER_MIN: Record<string, number> = {
  'llm-inference': 9,
  llm_inference: 9,
  training: 7,
  rendering: 10,
  image_generation: 10,
  vllm_serve: 9,
  'rag-pipeline': 15,
  custom_container: 7,
};
const DEFAULT_JOB_TYPE_RATE = 6;

export const PRICING_CLASSES = ['priority', 'standard', 'economy'] as const;
export type PricingClass = (typeof PRICING_CLASSES)[number];
export const PRICING_CLASS_MULTIPLIERS: Record<PricingClass, number> = { priority: 1.2, standard: 1.0, economy: 0.9 };
/** Dispatch rank: lower runs first. */
export const PRICING_CLASS_RANK: Record<PricingClass, number> = { priority: 0, standard: 1, economy: 2 };

interface GpuRate {
  name: string;
  tier: string;
  patterns: string[];
  ratePerSecondUsd: number;
}
/** Matched in this order by substring of the lower-cased GPU name; the first match wins. */
const GPU_RATES: GpuRate[] = [
  { name: 'H200', tier: 'datacenter', patterns: ['h200'], ratePerSecondUsd: 0.000681 },
  { name: 'H100', tier: 'datacenter', patterns: ['h100'], ratePerSecondUsd: 0.000525 },
  { name: 'A100', tier: 'datacenter', patterns: ['a100'], ratePerSecondUsd: 0.000333 },
  { name: 'RTX 4090', tier: 'consumer', patterns: ['rtx 4090', 'rtx4090', 'geforce rtx 4090'], ratePerSecondUsd: 0.0000742 },
  { name: 'RTX 4080', tier: 'consumer', patterns: ['rtx 4080', 'rtx4080', 'geforce rtx 4080'], ratePerSecondUsd: 0.0000494 },
  { name: 'RTX 3090', tier: 'consumer', patterns: ['rtx 3090', 'rtx3090', 'geforce rtx 3090'], ratePerSecondUsd: 0.0000372 },
  { name: 'RTX 3080', tier: 'consumer', patterns: ['rtx 3080', 'rtx3080', 'geforce rtx 3080'], ratePerSecondUsd: 0.0000247 },
];
const DEFAULT_GPU_RATE: GpuRate = { name: 'Default GPU', tier: 'default', patterns: [], ratePerSecondUsd: 0.0000247 };

export function resolveGpuRate(gpuModel: string): GpuRate {
  const name = gpuModel.toLowerCase();
  return GPU_RATES.find((r) => r.patterns.some((p) => name.includes(p))) ?? DEFAULT_GPU_RATE;
}

export function jobTypeRatePerMinute(jobType: string): number {
  return JOB_TYPE_RATES_HALALA_PER_MIN[jobType] ?? DEFAULT_JOB_TYPE_RATE;
}

export function normalisePricingClass(value: unknown): PricingClass | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  return (PRICING_CLASSES as readonly string[]).includes(v) ? (v as PricingClass) : undefined;
}

export interface Quote {
  costHalala: number;
  /** Unrounded halala per second including the class multiplier; settlement meters time at this rate. */
  rateHalalaPerSecond: number;
  snapshot: Record<string, unknown>;
}

/**
 * The quote at submit: the chosen provider's GPU rate if any, else the job-type rate, times the
 * duration and the pricing-class multiplier, rounded up. Evaluated left to right as the original did,
 * so the examples in the contract come out to the same halala.
 */
export function quoteJob(input: {
  jobType: string;
  durationMinutes: number;
  pricingClass: PricingClass;
  gpuModel: string | null;
}): Quote {
  const mult = PRICING_CLASS_MULTIPLIERS[input.pricingClass];
  const secs = input.durationMinutes * 60;
  if (input.gpuModel) {
    const rate = resolveGpuRate(input.gpuModel);
    return {
      costHalala: Math.ceil(rate.ratePerSecondUsd * secs * SAR_USD_RATE * 100 * mult),
      rateHalalaPerSecond: rate.ratePerSecondUsd * SAR_USD_RATE * 100 * mult,
      snapshot: {
        gpu_model: input.gpuModel,
        display_name: rate.name,
        tier: rate.tier,
        rate_per_hour_usd: rate.ratePerSecondUsd * 3600,
        rate_per_hour_sar: rate.ratePerSecondUsd * 3600 * SAR_USD_RATE,
        pricing_class: input.pricingClass,
        multiplier: mult,
        sar_usd_rate: SAR_USD_RATE,
      },
    };
  }
  const perMin = jobTypeRatePerMinute(input.jobType);
  return {
    costHalala: Math.ceil(perMin * (secs / 60) * mult),
    rateHalalaPerSecond: (perMin / 60) * mult,
    snapshot: {
      gpu_model: null,
      job_type: input.jobType,
      rate_per_min_halala: perMin,
      pricing_class: input.pricingClass,
      multiplier: mult,
      sar_usd_rate: SAR_USD_RATE,
    },
  };
}

/** What a finished job costs: metered seconds at the quote's rate, rounded up, never more than the quote. */
export function actualCost(quoteHalala: number, rateHalalaPerSecond: number, meteredSeconds: number): number {
  const metered = Math.max(0, Math.ceil(Math.max(0, meteredSeconds) * rateHalalaPerSecond - 1e-9));
  return Math.min(quoteHalala, metered);
}

/** The provider earns floor(75 %) of what the renter paid; the platform keeps the rest. */
export function splitEarnings(actualHalala: number): { providerHalala: number; platformHalala: number } {
  const providerHalala = Math.floor(actualHalala * 0.75);
  return { providerHalala, platformHalala: actualHalala - providerHalala };
}
