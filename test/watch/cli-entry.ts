// `ialctl` as a real process, with the watch commands registered whether or not main.ts registers
// them yet: the SIGTERM and interval tests run it exactly as a scheduler would.
import { reportError } from '../../src/cli/errors.js';
import { buildBaseProgram, type CliIo } from '../../src/cli/main.js';
import { withWatchCommands } from './program.js';
import { INSTANT_WAITS_VARIABLE, virtualSchedule } from './virtual-schedule.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const argv = process.argv.slice(2);
const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: () => new Date() };
let code = 0;
const setExitCode = (c: number) => (code = c);
const instantWaits = process.env[INSTANT_WAITS_VARIABLE];
const deps = instantWaits === undefined ? {} : { schedule: virtualSchedule(Number(instantWaits)) };
const program = withWatchCommands(buildBaseProgram(io, setExitCode), io, setExitCode, deps);
try {
  await program.parseAsync(argv, { from: 'user' });
} catch (error) {
  code = reportError(error, process.stderr, argv.includes('--debug'));
}
process.exitCode = code;
