/**
 * The GPU reference table GPU verification judges benchmark results against (docs/gpu-verification.md).
 *
 * Each entry carries the card's memory, its FP32 peak and the range of GFLOPS an honest run of the daemon's
 * benchmark (FP32 4096×4096 matrix products in PyTorch) lands in. Every verdict threshold is derived from
 * these figures, so the rules can never contradict the table: "too slow" and "implausibly fast" are both
 * multiples of an entry's own range.
 */

export interface GpuReference {
  /** The table's name for the card, e.g. `RTX 4080 SUPER`. */
  name: string;
  vramMib: number;
  fp32Tflops: number;
  computeCapability: string;
  /** The range of GFLOPS an honest benchmark run reports. */
  gflopsMin: number;
  gflopsMax: number;
  /**
   * Other token sets that name the same card in nvidia-smi or PyTorch, e.g. the H100 SXM reports itself as
   * `NVIDIA H100 80GB HBM3`. The name's own tokens always match too.
   */
  aliases?: string[][];
}

const gpu = (
  name: string,
  vramMib: number,
  fp32Tflops: number,
  computeCapability: string,
  gflopsMin: number,
  gflopsMax: number,
  aliases?: string[][],
): GpuReference => ({ name, vramMib, fp32Tflops, computeCapability, gflopsMin, gflopsMax, ...(aliases ? { aliases } : {}) });

/** The 40 cards the marketplace knows, in the order GET /verification/gpu-database lists them. */
export const GPU_REFERENCE: readonly GpuReference[] = [
  gpu('RTX 5090', 32768, 105.0, '12.0', 50000, 120000),
  gpu('RTX 5080', 16384, 70.0, '12.0', 33000, 80000),
  gpu('RTX 4090', 24576, 82.6, '8.9', 40000, 90000),
  gpu('RTX 4080 SUPER', 16384, 52.0, '8.9', 25000, 58000),
  gpu('RTX 4080', 16384, 48.7, '8.9', 23000, 54000),
  gpu('RTX 4070 Ti SUPER', 16384, 44.1, '8.9', 20000, 49000),
  gpu('RTX 4070 Ti', 12288, 40.1, '8.9', 18000, 45000),
  gpu('RTX 4070 SUPER', 12288, 35.5, '8.9', 16000, 40000),
  gpu('RTX 4070', 12288, 29.1, '8.9', 13000, 33000),
  gpu('RTX 4060 Ti', 8192, 22.1, '8.9', 10000, 25000),
  gpu('RTX 4060', 8192, 15.1, '8.9', 7000, 17000),
  gpu('RTX 3090 Ti', 24576, 40.0, '8.6', 18000, 44000),
  gpu('RTX 3090', 24576, 35.6, '8.6', 16000, 40000),
  gpu('RTX 3080 Ti', 12288, 34.1, '8.6', 15000, 38000),
  gpu('RTX 3080', 10240, 29.8, '8.6', 13000, 33000),
  gpu('RTX 3070 Ti', 8192, 21.7, '8.6', 10000, 24000),
  gpu('RTX 3070', 8192, 20.3, '8.6', 9000, 23000),
  gpu('RTX 3060 Ti', 8192, 16.2, '8.6', 7000, 18000),
  gpu('RTX 3060', 12288, 12.7, '8.6', 5500, 14000),
  gpu('RTX 2080 Ti', 11264, 13.4, '7.5', 6000, 15000),
  gpu('RTX 2080 SUPER', 8192, 11.2, '7.5', 5000, 12500),
  gpu('RTX 2080', 8192, 10.1, '7.5', 4500, 11500),
  gpu('RTX 2070 SUPER', 8192, 9.1, '7.5', 4000, 10000),
  gpu('RTX 2070', 8192, 7.5, '7.5', 3300, 8500),
  gpu('RTX 2060 SUPER', 8192, 7.2, '7.5', 3200, 8000),
  gpu('RTX 2060', 6144, 6.5, '7.5', 2800, 7200),
  gpu('A100', 81920, 19.5, '8.0', 8500, 22000),
  gpu('A100 80GB', 81920, 19.5, '8.0', 8500, 22000),
  gpu('A100 40GB', 40960, 19.5, '8.0', 8500, 22000),
  gpu('A10', 24576, 31.2, '8.6', 14000, 35000),
  gpu('A6000', 49152, 38.7, '8.6', 17000, 43000),
  gpu('A5000', 24576, 27.8, '8.6', 12500, 31000),
  gpu('A4000', 16384, 19.2, '8.6', 8500, 22000),
  gpu('H100', 81920, 51.2, '9.0', 23000, 57000),
  // nvidia-smi names the SXM5 card "NVIDIA H100 80GB HBM3"; the PCIe card has HBM2e.
  gpu('H100 SXM', 81920, 66.9, '9.0', 30000, 74000, [['H100', 'HBM3']]),
  gpu('H200', 143360, 66.9, '9.0', 30000, 74000),
  gpu('GTX 1080 Ti', 11264, 11.3, '6.1', 5000, 12500),
  gpu('GTX 1080', 8192, 8.9, '6.1', 4000, 10000),
  gpu('GTX 1070', 8192, 6.5, '6.1', 2800, 7200),
  gpu('GTX 1060', 6144, 4.4, '6.1', 1900, 4900),
];

/** Vendor and brand words that say nothing about which card it is. */
const NOISE = new Set(['NVIDIA', 'GEFORCE', 'TESLA', 'QUADRO']);
/**
 * Words naming a variant the table does not describe: a laptop RTX 4090 has 16 GB and a lower clock, so
 * judging it by the desktop card's figures would fail an honest host. Such names match no entry.
 */
const UNLISTED_VARIANT = new Set(['LAPTOP', 'MOBILE', 'MAXQ']);

/**
 * A GPU name reduced to the words that identify the card: upper case, vendor words dropped, punctuation as
 * separators (`NVIDIA A100-SXM4-40GB` -> `A100 SXM4 40GB`). Two reports of one card normalise alike.
 */
export function normaliseGpuName(name: string): string {
  return tokens(name).join(' ');
}

function tokens(name: string): string[] {
  return name
    .toUpperCase()
    .replace(/MAX-Q/g, 'MAXQ')
    .split(/[^A-Z0-9]+/)
    .filter((t) => t && !NOISE.has(t));
}

const tokenSets = (entry: GpuReference) => [tokens(entry.name), ...(entry.aliases ?? [])];

/**
 * The table entry a reported name describes: every word of the entry's name (or of one of its aliases) must
 * appear in the reported name as a whole word, and the most specific such entry wins ("RTX 4080 SUPER" over
 * "RTX 4080"). Whole words keep "A10" from matching an A100. Undefined for a card the table does not list.
 */
export function matchGpu(reportedName: string | null | undefined): GpuReference | undefined {
  if (!reportedName) return undefined;
  const reported = new Set(tokens(reportedName));
  if ([...reported].some((t) => UNLISTED_VARIANT.has(t))) return undefined;
  let best: { entry: GpuReference; specificity: number } | undefined;
  for (const entry of GPU_REFERENCE) {
    for (const set of tokenSets(entry)) {
      if (!set.every((t) => reported.has(t))) continue;
      if (!best || set.length > best.specificity) best = { entry, specificity: set.length };
    }
  }
  return best?.entry;
}

/** Whether two reported names describe the same card: the same table entry, or the same words when unlisted. */
export function sameGpu(a: string, b: string): boolean {
  const [ea, eb] = [matchGpu(a), matchGpu(b)];
  if (ea || eb) return ea === eb;
  return normaliseGpuName(a) === normaliseGpuName(b);
}

/** Below this share of an entry's minimum, a run is too slow for the card it claims to be. */
export const TOO_SLOW_FACTOR = 0.7;
/** Above this multiple of an entry's maximum, a run is faster than that card can compute FP32 products. */
export const IMPLAUSIBLY_FAST_FACTOR = 1.5;
/** Reported memory may differ from the table by this share (drivers reserve some; boards vary slightly). */
export const VRAM_TOLERANCE = 0.1;

export interface GflopsBands {
  /** Below: failed (too slow). */
  failBelow: number;
  /** From failBelow up to here: suspect (slower than an honest run of this card usually is). */
  expectedMin: number;
  expectedMax: number;
  /** Above: failed (implausibly fast). */
  failAbove: number;
}

export function gflopsBands(entry: GpuReference): GflopsBands {
  return {
    failBelow: Math.round(entry.gflopsMin * TOO_SLOW_FACTOR),
    expectedMin: entry.gflopsMin,
    expectedMax: entry.gflopsMax,
    failAbove: Math.round(entry.gflopsMax * IMPLAUSIBLY_FAST_FACTOR),
  };
}

/** The entry with this table name (as a verdict records it), if any. */
export function gpuByName(name: string | null | undefined): GpuReference | undefined {
  return name ? GPU_REFERENCE.find((g) => g.name === name) : undefined;
}
