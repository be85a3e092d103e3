import { z } from 'zod';
import { gflopsBands, matchGpu, sameGpu, VRAM_TOLERANCE, type GpuReference } from './gpuReference.js';

/**
 * How a GPU verification result is judged (docs/gpu-verification.md). Pure: the challenge, the daemon's
 * result and the GPU the heartbeats report go in; a verdict with its flags comes out.
 *
 * The principle: evidence that contradicts the provider's claim fails it; evidence that is missing leaves it
 * unconfirmed (suspect, which is not a pass); only complete, consistent evidence verifies it.
 */

/** The daemon's `result` object (docs/gpu-verification.md). Unknown keys pass untouched; known ones must be typed right. */
export const benchmarkResultInput = z.looseObject({
  nonce: z.string().max(128).nullish(),
  gpu_name: z.string().max(200).nullish(),
  vram_total_mib: z.number().min(0).max(10_000_000).nullish(),
  driver_version: z.string().max(64).nullish(),
  temp_c: z.number().min(-40).max(150).nullish(),
  gflops: z.number().min(0).max(100_000_000).nullish(),
  elapsed_seconds: z.number().min(0).max(86_400).nullish(),
  error: z.string().max(2000).nullish(),
});
export type BenchmarkResult = z.output<typeof benchmarkResultInput>;

export type Verdict = 'verified' | 'suspect' | 'failed';
/** critical: the evidence contradicts the claim (fails); warning: evidence is missing or borderline (suspect). */
export type FlagSeverity = 'critical' | 'warning';

export interface VerificationFlag {
  type: string;
  severity: FlagSeverity;
  detail: string;
}

export interface ChallengeTerms {
  nonce: string;
  matrixSize: number;
  iterations: number;
}

export interface Judgement {
  verdict: Verdict;
  /** 100 less 50 per critical and 15 per warning flag, at least 0: a summary for ordering, not the verdict. */
  score: number;
  flags: VerificationFlag[];
  /** The reference entry the figures were judged against; null for a card the table does not list. */
  matchedGpu: GpuReference | null;
  /** The GPU the verdict is about, spelled as the heartbeats spell it when both name the same card. */
  judgedGpu: string | null;
}

/** The benchmark's work in GFLOP: `iterations` products of two n×n matrices, 2n³ operations each. */
export function challengeWork(terms: Pick<ChallengeTerms, 'matrixSize' | 'iterations'>): number {
  return (2 * terms.matrixSize ** 3 * terms.iterations) / 1e9;
}

/** The daemon rounds elapsed_seconds to 3 decimals and gflops to 2; 1 % more covers float noise. */
const ELAPSED_ROUNDING_S = 0.0005;
const ARITHMETIC_SLACK = 0.01;

/** Whether the reported GFLOPS is what the challenge's work over the reported time comes to. */
function figuresConsistent(work: number, gflops: number, elapsed: number): boolean {
  const slowest = work / (elapsed + ELAPSED_ROUNDING_S);
  const fastest = elapsed > ELAPSED_ROUNDING_S ? work / (elapsed - ELAPSED_ROUNDING_S) : Infinity;
  return gflops >= slowest * (1 - ARITHMETIC_SLACK) && gflops <= fastest * (1 + ARITHMETIC_SLACK);
}

const PENALTY: Record<FlagSeverity, number> = { critical: 50, warning: 15 };

export function judgeResult(terms: ChallengeTerms, result: BenchmarkResult, heartbeatGpu: string | null): Judgement {
  const flags: VerificationFlag[] = [];
  const flag = (severity: FlagSeverity, type: string, detail: string) => flags.push({ type, severity, detail });

  if (result.nonce !== terms.nonce) flag('critical', 'nonce_mismatch', 'The result does not carry the nonce of the challenge it answers');

  const reported = result.gpu_name?.trim() || null;
  const mismatch = Boolean(reported && heartbeatGpu && !sameGpu(reported, heartbeatGpu));
  if (!reported) flag('warning', 'gpu_unreported', 'The result does not name the GPU the benchmark ran on');
  else if (!heartbeatGpu) flag('warning', 'gpu_unreported', 'No heartbeat has reported a GPU to compare the benchmark with');
  else if (mismatch) flag('critical', 'gpu_mismatch', `The benchmark ran on "${reported}" but the heartbeats report "${heartbeatGpu}"`);

  const judgedGpu = mismatch ? reported : (heartbeatGpu ?? reported);
  const entry = matchGpu(judgedGpu);
  if (judgedGpu && !entry) flag('warning', 'unknown_gpu', `"${judgedGpu}" is not in the GPU reference table, so its figures cannot be judged`);
  if (entry) checkMemory(entry, result.vram_total_mib, flag);
  checkFigures(terms, entry, result, flag);

  const verdict: Verdict = flags.some((f) => f.severity === 'critical') ? 'failed' : flags.length ? 'suspect' : 'verified';
  const score = Math.max(0, 100 - flags.reduce((sum, f) => sum + PENALTY[f.severity], 0));
  return { verdict, score, flags, matchedGpu: entry ?? null, judgedGpu };
}

type Flagger = (severity: FlagSeverity, type: string, detail: string) => void;

function checkMemory(entry: GpuReference, vramMib: number | null | undefined, flag: Flagger): void {
  if (vramMib == null) return flag('warning', 'vram_unreported', 'The result does not report the GPU’s memory');
  if (Math.abs(vramMib - entry.vramMib) > entry.vramMib * VRAM_TOLERANCE)
    flag('critical', 'vram_mismatch', `${vramMib} MiB reported; a ${entry.name} has ${entry.vramMib} MiB (±${VRAM_TOLERANCE * 100} %)`);
}

function checkFigures(terms: ChallengeTerms, entry: GpuReference | undefined, result: BenchmarkResult, flag: Flagger): void {
  const { gflops, elapsed_seconds: elapsed } = result;
  if (gflops == null || gflops <= 0 || elapsed == null) {
    const why = result.error ? `: ${result.error}` : '';
    return flag('warning', 'benchmark_missing', `The result carries no benchmark figures (gflops and elapsed_seconds)${why}`);
  }
  const work = challengeWork(terms);
  if (!figuresConsistent(work, gflops, elapsed))
    flag('critical', 'figures_inconsistent', `${gflops} GFLOPS does not follow from ${work.toFixed(1)} GFLOP of work in ${elapsed} s`);
  if (!entry) return;
  const bands = gflopsBands(entry);
  const expected = `a ${entry.name} does ${bands.expectedMin}-${bands.expectedMax}`;
  if (gflops < bands.failBelow) flag('critical', 'performance_too_low', `${gflops} GFLOPS is below ${bands.failBelow}; ${expected}`);
  else if (gflops < bands.expectedMin) flag('warning', 'performance_low', `${gflops} GFLOPS is below the expected range; ${expected}`);
  else if (gflops > bands.failAbove) flag('critical', 'performance_implausible', `${gflops} GFLOPS is above ${bands.failAbove}; ${expected}`);
}
