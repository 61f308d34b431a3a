// Process wiring for the CLI: real streams, environment and clock.
import { main } from './main.js';

// The AWS SDK warns on every run that future releases will need Node 22. ialctl pins its SDK
// versions and supports Node >= 20.19, so the warning says nothing actionable to an operator.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
});
process.exitCode = code;
