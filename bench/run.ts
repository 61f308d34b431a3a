// `npm run bench`: every benchmark, figures and ratios measured in the same run.
//   IAL_BENCH_CORE_N   pairs for the core benchmark (default 100000; 0 skips it)
//   IAL_BENCH_AWS_N    comma-separated resource counts seeded into moto (default 1000; e.g. 1000,10000; 0 skips)
//   IAL_BENCH_WATCH_N  drift watch processes stopped by SIGTERM between runs (default 5; 0 skips)
//   IAL_BENCH_STACKS   stacks in the account for the stack discovery benchmark (default 50; 0 skips it)
import { formatAwsBench, runAwsBench } from './aws.js';
import { runCoreBench } from './core.js';
import { formatWatchBench, runWatchBench } from './watch.js';
import { formatStackBench, runStackBench } from './stacks.js';

const coreN = Number(process.env['IAL_BENCH_CORE_N'] ?? 100_000);
if (coreN > 0) {
  const core = runCoreBench(coreN);
  console.log('core: compare desired/live pairs (pure, ~10% drifted)');
  console.log(`  resources          ${core.resources}`);
  console.log(`  findings           ${core.items}`);
  console.log(`  wall time          ${core.ms.toFixed(0)} ms   (target < 2000 ms)`);
  console.log(`  throughput         ${core.resourcesPerSecond.toLocaleString('en-US')} resources/s`);
  console.log(`  peak RSS           ${core.peakRssMb} MB   (target < 500 MB)`);
}

const awsSizes = (process.env['IAL_BENCH_AWS_N'] ?? '1000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
for (const resources of awsSizes) {
  const result = await runAwsBench({ resources, log: (line) => console.error(line) });
  console.log(formatAwsBench(result).join('\n'));
  if (result.comparisons.some((c) => !c.correct)) process.exitCode = 1;
}

const watchN = Number(process.env['IAL_BENCH_WATCH_N'] ?? 5);
if (watchN > 0) console.log(formatWatchBench(await runWatchBench(watchN)).join('\n'));
const stackCount = Number(process.env['IAL_BENCH_STACKS'] ?? 50);
if (stackCount > 0) console.log(formatStackBench(await runStackBench(stackCount, Math.min(10, stackCount))).join('\n'));
