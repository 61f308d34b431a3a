// npm run eval:assistant [-- --split tuning|untouched|all] [--misses]
// Scores the offline assistant over the bundled demo estate, one fresh headless conversation per
// message (as `ialctl --demo --json "<message>"` would), and prints the figures of src/agent/eval.
import { Conversation } from '../src/agent/conversation.js';
import { loadSplit, SPLITS, type Split } from '../src/agent/eval/cases.js';
import { formatReport, scoreCase, summarize, type CaseScore } from '../src/agent/eval/score.js';
import { defaultConfig } from '../src/config/index.js';
import { createEngineAdapter } from '../src/tools/engine-adapter.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const wanted = argValue('--split') ?? 'all';
  if (wanted !== 'all' && !(SPLITS as readonly string[]).includes(wanted)) {
    process.stderr.write(`--split must be one of ${[...SPLITS, 'all'].join(', ')} (got "${wanted}")\n`);
    return 1;
  }
  const splits: Split[] = wanted === 'all' ? [...SPLITS] : [wanted as Split];
  const engine = createEngineAdapter({
    cwd: process.cwd(),
    parameterOverrides: {},
    config: defaultConfig(),
    source: { kind: 'demo' },
    now: () => NOW,
    env: {},
    lang: 'en',
  });
  try {
    const { report } = await engine.checkDrift();
    let failed = false;
    for (const split of splits) {
      const scores: CaseScore[] = [];
      for (const c of loadSplit(split)) {
        // Headless and without --yes: a mutating call can only end as needs_confirmation.
        const chat = new Conversation({ engine, fallbackLang: 'en', now: () => NOW });
        const result = await chat.send(c.text);
        scores.push(scoreCase(c, result, report));
      }
      process.stdout.write(`${formatReport(split, scores, process.argv.includes('--misses'))}\n\n`);
      if (summarize(scores).forbiddenMutations > 0) failed = true;
    }
    return failed ? 1 : 0;
  } finally {
    engine.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval:assistant: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
