import { describe, expect, it } from 'vitest';
import { GPU_REFERENCE, gflopsBands, matchGpu, sameGpu } from '../../src/domain/gpuReference.js';
import { challengeWork, judgeResult } from '../../src/domain/verificationJudge.js';

/** The judging rules on their own (docs/gpu-verification.md): every card of the table, every band edge. */

const terms = { nonce: 'a'.repeat(32), matrixSize: 4096, iterations: 5 };
const work = challengeWork(terms);

/** The daemon's rounding: GFLOPS to 2 decimals, seconds to 3. */
const run = (gflops: number) => ({ gflops: Math.round(gflops * 100) / 100, elapsed_seconds: Math.round((work / gflops) * 1000) / 1000 });
const result = (gpu: string, vramMib: number, gflops: number) => ({ nonce: terms.nonce, gpu_name: gpu, vram_total_mib: vramMib, ...run(gflops) });

describe('GPU reference table', () => {
  it('names each card so that its own name matches it', () => {
    expect(GPU_REFERENCE).toHaveLength(40);
    for (const g of GPU_REFERENCE) expect(matchGpu(`NVIDIA GeForce ${g.name}`)?.name, g.name).toBe(g.name);
  });

  it.each([
    ['NVIDIA A100-SXM4-40GB', 'A100 40GB'],
    ['NVIDIA A100-PCIE-40GB', 'A100 40GB'],
    ['NVIDIA A100 80GB PCIe', 'A100 80GB'],
    ['NVIDIA H100 80GB HBM3', 'H100 SXM'],
    ['NVIDIA H100 PCIe', 'H100'],
    ['NVIDIA GeForce RTX 4080 SUPER', 'RTX 4080 SUPER'],
    ['NVIDIA GeForce RTX 4070 Ti SUPER', 'RTX 4070 Ti SUPER'],
    ['NVIDIA A10', 'A10'],
    ['NVIDIA RTX A6000', 'A6000'],
  ])('matches %s to %s', (reported, entry) => {
    expect(matchGpu(reported)?.name).toBe(entry);
  });

  it('matches no entry for cards it does not describe', () => {
    for (const name of ['NVIDIA GeForce RTX 4090 Laptop GPU', 'NVIDIA L40S', 'NVIDIA A10G', '', null]) expect(matchGpu(name), String(name)).toBeUndefined();
  });

  it('treats two spellings of one card as the same GPU, and different cards as different', () => {
    expect(sameGpu('NVIDIA GeForce RTX 4090', 'RTX 4090')).toBe(true);
    expect(sameGpu('NVIDIA L40S', 'nvidia l40s')).toBe(true);
    expect(sameGpu('NVIDIA GeForce RTX 4090', 'NVIDIA GeForce RTX 4090 D')).toBe(true);
    expect(sameGpu('NVIDIA GeForce RTX 4080', 'NVIDIA GeForce RTX 4080 SUPER')).toBe(false);
    expect(sameGpu('NVIDIA A100-SXM4-80GB', 'NVIDIA A100-SXM4-40GB')).toBe(false);
  });
});

describe('judging a benchmark result', () => {
  it.each(GPU_REFERENCE.map((g) => [g.name, g] as const))('verifies an honest %s anywhere in its expected range', (_name, g) => {
    for (const gflops of [g.gflopsMin, (g.gflopsMin + g.gflopsMax) / 2, g.gflopsMax, gflopsBands(g).failAbove * 0.99]) {
      const judgement = judgeResult(terms, result(g.name, g.vramMib, gflops), g.name);
      expect(judgement.flags, `${g.name} at ${gflops}`).toEqual([]);
      expect(judgement.verdict).toBe('verified');
    }
  });

  it.each(GPU_REFERENCE.map((g) => [g.name, g] as const))('fails %s too slow or implausibly fast, and leaves it suspect just below range', (_name, g) => {
    const bands = gflopsBands(g);
    const verdict = (gflops: number) => judgeResult(terms, result(g.name, g.vramMib, gflops), g.name);
    expect(verdict(bands.failBelow * 0.98).flags.map((f) => f.type)).toEqual(['performance_too_low']);
    expect(verdict(bands.failBelow * 1.02).verdict).toBe('suspect');
    expect(verdict(bands.failAbove * 1.02).flags.map((f) => f.type)).toEqual(['performance_implausible']);
  });

  it('does not pass a result without figures, and says why', () => {
    const judgement = judgeResult(terms, { nonce: terms.nonce, gpu_name: 'NVIDIA H100 PCIe', vram_total_mib: 81_559, gflops: null, error: 'CUDA not available' }, 'NVIDIA H100 PCIe');
    expect(judgement.verdict).toBe('suspect');
    expect(judgement.flags).toEqual([{ type: 'benchmark_missing', severity: 'warning', detail: expect.stringContaining('CUDA not available') }]);
  });

  it('cannot judge a card outside the table or a result that names no GPU, so neither passes', () => {
    expect(judgeResult(terms, result('NVIDIA L40S', 46_068, 40_000), 'NVIDIA L40S').flags.map((f) => f.type)).toEqual(['unknown_gpu']);
    const unnamed = judgeResult(terms, { ...result('x', 81_559, 40_000), gpu_name: null }, 'NVIDIA H100 PCIe');
    expect(unnamed.verdict).toBe('suspect');
    expect(unnamed.flags.map((f) => f.type)).toEqual(['gpu_unreported']);
    expect(unnamed.matchedGpu?.name).toBe('H100');
  });

  it('records the judged GPU as the heartbeats spell it, so a later heartbeat of the same card keeps the verdict', () => {
    const judgement = judgeResult(terms, result('RTX 4090', 24_564, 60_000), 'NVIDIA GeForce RTX 4090');
    expect(judgement.verdict).toBe('verified');
    expect(judgement.judgedGpu).toBe('NVIDIA GeForce RTX 4090');
    expect(judgeResult(terms, result('NVIDIA H100 PCIe', 81_559, 40_000), 'NVIDIA GeForce RTX 3060').judgedGpu).toBe('NVIDIA H100 PCIe');
  });

  it('fails a result whose GFLOPS does not follow from its own elapsed time', () => {
    const judgement = judgeResult(terms, { ...result('NVIDIA H100 PCIe', 81_559, 40_000), gflops: 50_000 }, 'NVIDIA H100 PCIe');
    expect(judgement.flags.map((f) => f.type)).toEqual(['figures_inconsistent']);
  });

  it('scores 100 less 50 per critical and 15 per warning flag, never below 0', () => {
    const bad = judgeResult(terms, { nonce: 'b', gpu_name: 'NVIDIA H100 PCIe', vram_total_mib: 1_000, gflops: 10 ** 7, elapsed_seconds: 0 }, 'NVIDIA GeForce RTX 3060');
    expect(bad.flags.map((f) => f.type)).toEqual(['nonce_mismatch', 'gpu_mismatch', 'vram_mismatch', 'performance_implausible']);
    expect(bad.score).toBe(0);
    expect(judgeResult(terms, { ...result('NVIDIA H100 PCIe', 81_559, 40_000), vram_total_mib: null }, 'NVIDIA H100 PCIe').score).toBe(85);
  });
});
