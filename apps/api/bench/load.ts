import autocannon from 'autocannon';
import type { FromLoad, LoadJob, LoadResult, ToLoad } from './protocol.js';

/**
 * The load generator, as its own process so its CPU is never counted as a server's: runs
 * one autocannon job per `run` message and answers with the summary.
 */
function send(message: FromLoad) {
  process.send?.(message);
}

async function run(job: LoadJob): Promise<LoadResult> {
  const path = new URL(job.url).pathname;
  const [first = ''] = job.tokens;
  const repeat = job.repeat ?? 1;
  let next = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    ...(job.amount === undefined ? { duration: job.duration } : { amount: job.amount }),
    timeout: 30,
    ...(job.rate === undefined ? {} : { overallRate: job.rate }),
    ...(job.tokens.length === 1
      ? { headers: { authorization: `Bearer ${first}` } }
      : {
          requests: [
            {
              method: 'GET',
              path,
              setupRequest: (req) => {
                const token = job.tokens[Math.floor(next / repeat) % job.tokens.length] ?? first;
                next += 1;
                return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } };
              },
            },
          ],
        }),
  });
  const seconds = result.duration;
  const requests = result['2xx'] + result.non2xx;
  return {
    requests,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds,
    reqPerSec: seconds > 0 ? requests / seconds : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

process.on('message', (message: ToLoad) => {
  if (message.type === 'stop') process.exit(0);
  run(message.job).then(
    (result) => {
      send({ type: 'result', result });
    },
    (error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    },
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
