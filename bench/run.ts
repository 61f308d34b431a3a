// `npm run bench`: every benchmark, figures printed side by side.
import { runCoreBench } from './core.js';

const n = Number(process.env['IAL_BENCH_CORE_N'] ?? 100_000);
const core = runCoreBench(n);
console.log('core: compare desired/live pairs (pure, ~10% drifted)');
console.log(`  resources          ${core.resources}`);
console.log(`  findings           ${core.items}`);
console.log(`  wall time          ${core.ms.toFixed(0)} ms   (target < 2000 ms)`);
console.log(`  throughput         ${core.resourcesPerSecond.toLocaleString('en-US')} resources/s`);
console.log(`  peak RSS           ${core.peakRssMb} MB   (target < 500 MB)`);
