import { tokenCostParts, type TokenPrice, type TokenUsage } from '../domain/inference.js';
import { SAR_USD_RATE } from '../domain/pricing.js';

/** Prices on the wire are USD strings (1 USD = 3.75 SAR = 375 halala), as OpenRouter-style clients read them. */
const HALALA_PER_USD = 100 * SAR_USD_RATE;

export const usd = (halala: number, decimals: number) => (halala / HALALA_PER_USD).toFixed(decimals);

/** `usage.pricing` of a completion: what each side costs, as billed. */
export function usagePricing(price: TokenPrice, usage: TokenUsage): Record<string, unknown> {
  const { promptHalala, completionHalala } = tokenCostParts(price, usage);
  return {
    currency: 'USD',
    usd_prompt: usd(promptHalala, 6),
    usd_completion: usd(completionHalala, 6),
    usd_total: usd(promptHalala + completionHalala, 6),
    halala_total: promptHalala + completionHalala,
  };
}
