import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';

/**
 * Preloaded into the gateway by bench/subscriptions.ts (`--import`), listening on the IPC channel:
 * "memory" answers with the process's memory after full garbage collections (retained memory, not
 * garbage awaiting collection); "profile-start" / "profile-stop <file>" record a CPU profile of
 * just the delivery rounds; "allocations-start" / "allocations-stop <file>" a sampled allocation
 * profile of them (a .heapprofile, garbage included).
 */
const collect = (globalThis as { gc?: () => void }).gc;
let session: Session | undefined;

process.on('message', async (message: string) => {
  if (message === 'memory') {
    collect?.();
    collect?.();
    process.send?.(process.memoryUsage());
  } else if (message.startsWith('heap-snapshot ')) {
    collect?.();
    process.send?.(writeHeapSnapshot(message.slice('heap-snapshot '.length)));
  } else if (message === 'profile-start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    process.send?.('profiling');
  } else if (message.startsWith('profile-stop ') && session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(message.slice('profile-stop '.length), JSON.stringify(profile));
    session.disconnect();
    process.send?.('profiled');
  } else if (message === 'allocations-start') {
    session = new Session();
    session.connect();
    // Garbage included: the fan-out's cost is what it allocates and drops, not what it keeps.
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    process.send?.('sampling');
  } else if (message.startsWith('allocations-stop ') && session) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(message.slice('allocations-stop '.length), JSON.stringify(profile));
    session.disconnect();
    process.send?.('sampled');
  }
});
