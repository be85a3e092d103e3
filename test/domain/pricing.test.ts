import { describe, expect, it } from 'vitest';
import { actualCost, quoteJob, splitEarnings } from '../../src/domain/pricing.js';

describe('pricing', () => {
  it.each([
    ['NVIDIA GeForce RTX 4090', 'llm_inference', 10, 'standard', 17],
    ['NVIDIA GeForce RTX 4090', 'image_generation', 5, 'priority', 11],
    ['NVIDIA GeForce RTX 4090', 'training', 5, 'standard', 9],
    [null, 'training', 10, 'standard', 70],
    [null, 'llm_inference', 10, 'standard', 90],
    [null, 'training', 200, 'standard', 1400],
  ] as const)('quotes %s / %s / %d min / %s as %d halala', (gpu, jobType, minutes, cls, expected) => {
    expect(quoteJob({ gpuModel: gpu, jobType, durationMinutes: minutes, pricingClass: cls }).costHalala).toBe(expected);
  });

  it('applies the economy multiplier and rounds up', () => {
    expect(quoteJob({ gpuModel: null, jobType: 'llm_inference', durationMinutes: 1, pricingClass: 'economy' }).costHalala).toBe(9);
  });

  it('meters actual cost at the quote rate, capped by the quote', () => {
    const q = quoteJob({ gpuModel: null, jobType: 'llm_inference', durationMinutes: 10, pricingClass: 'standard' });
    expect(actualCost(q.costHalala, q.rateHalalaPerSecond, 60)).toBe(9);
    expect(actualCost(q.costHalala, q.rateHalalaPerSecond, 61)).toBe(10);
    expect(actualCost(q.costHalala, q.rateHalalaPerSecond, 100_000)).toBe(90);
    expect(actualCost(q.costHalala, q.rateHalalaPerSecond, 0)).toBe(0);
  });

  it('splits 75/25 with the floor on the provider side', () => {
    expect(splitEarnings(25)).toEqual({ providerHalala: 18, platformHalala: 7 });
    expect(splitEarnings(17)).toEqual({ providerHalala: 12, platformHalala: 5 });
  });
});
