import { fileURLToPath } from 'node:url';
import { follow, request, type Connection } from './client.js';
import { FollowJobDocument, JobOutcomeDocument, SignUpDocument, SubmitJobDocument, type JobStatus } from './gql/graphql.js';

/**
 * The example: a renter signs up, submits a text-generation job, and follows it live until it finishes,
 * then reads its outcome. Run it against a gateway with an online provider:
 *
 *   npx tsx examples/typed-client/src/main.ts [gateway URL] [--persisted]
 */

export interface RunOptions {
  url: string;
  /** Send persisted-document ids (a gateway with DCP_GRAPHQL_TRUSTED_DOCUMENTS on requires it). */
  persisted?: boolean;
  /** Where progress lines go. */
  log?: (line: string) => void;
}

export interface RunOutcome {
  renterId: string;
  jobId: string;
  /** Every status the job went through, in order, as the subscription delivered them. */
  statuses: JobStatus[];
  finalStatus: JobStatus;
  result: unknown;
  costHalala: number | null | undefined;
  logLines: string[];
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function run(options: RunOptions): Promise<RunOutcome> {
  const log = options.log ?? (() => undefined);
  const anonymous: Connection = { url: options.url, persisted: options.persisted };

  const signUp = (await request(anonymous, SignUpDocument, { input: { name: 'Example Renter', email: `example-${unique()}@example.sa` } })).registerRenter;
  if (signUp.userErrors.length > 0 || !signUp.apiKey || !signUp.renter) throw new Error(`Sign-up refused: ${signUp.userErrors.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
  log(`signed up as renter ${signUp.renter.id}, balance ${signUp.renter.balance.availableHalala} halala`);
  const renter: Connection = { ...anonymous, renterKey: signUp.apiKey };

  const submitted = (
    await request(renter, SubmitJobDocument, {
      input: { jobType: 'LLM_INFERENCE', durationMinutes: 1, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'Summarize DCP in three bullets' } },
    })
  ).submitJob;
  if (submitted.userErrors.length > 0 || !submitted.job) throw new Error(`Submit refused: ${submitted.userErrors.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
  const { jobId } = submitted.job;
  log(`submitted ${jobId}: ${submitted.job.status}, quoted ${submitted.job.costHalala} halala`);

  const statuses: JobStatus[] = [];
  // The subscription replays the job's changes so far (afterSequenceNo: 0), then sends each new one, and
  // completes after the final status.
  await follow(renter, FollowJobDocument, { ref: { jobId } }, ({ jobStatusChanged: { event } }) => {
    statuses.push(event.status);
    log(`#${event.sequenceNo} ${event.eventType}: ${event.status}${event.message ? ` (${event.message})` : ''}`);
  });

  const outcome = (await request(renter, JobOutcomeDocument, { ref: { jobId } })).job;
  if (!outcome) throw new Error(`Job ${jobId} is gone`);
  log(`finished: ${outcome.status}, charged ${outcome.actualCostHalala} halala, ${outcome.logs.length} log lines`);
  return {
    renterId: signUp.renter.id,
    jobId,
    statuses,
    finalStatus: outcome.status,
    result: outcome.result,
    costHalala: outcome.actualCostHalala,
    logLines: outcome.logs.map((line) => line.message),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const url = args.find((a) => !a.startsWith('--')) ?? 'http://localhost:8083';
  run({ url, persisted: args.includes('--persisted'), log: (line) => console.log(line) }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
