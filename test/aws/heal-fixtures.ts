// Shared setup of the heal acceptance tests: the scenario estate in moto, its phase files on disk, the
// product's clients and heal target, and a state directory of its own per test.
import { PassThrough, Writable } from 'node:stream';
import type { Command } from 'commander';
import { afterEach } from 'vitest';
import { registerHeal } from '../../src/cli/commands/heal.js';
import { reportError } from '../../src/cli/errors.js';
import { buildBaseProgram, globals } from '../../src/cli/main.js';
import type { LiveSource } from '../../src/engine/check.js';
import { createScalableTargetsSource } from '../../src/aws/writers/scalable-targets.js';
import { mutatingActions } from '../../src/aws/writers/index.js';
import type { AwsClients } from '../../src/aws/clients.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { loadDesired } from '../../src/engine/check.js';
import { healPlanner, openHealState, type HealPlanner } from '../../src/engine/heal.js';
import { awsTarget, type HealTarget } from '../../src/engine/heal-target.js';
import type { HealJournal } from '../../src/engine/journal.js';
import type { HealLock } from '../../src/engine/lock.js';
import type { StateDb } from '../../src/state/db.js';
import type { HealMode } from '../../src/drift/heal-model.js';
import { motoClientOptions, motoEndpoint, MOTO_REGION } from '../harness/moto.js';
import { productClients, sdk, type Sdk } from './fixtures.js';
import { createEstate, ESTATE_PHASES, writePhases, type Estate, type PhaseWorkspace } from './scenario-estate.js';

export interface HealWorld {
  sdk: Sdk;
  estate: Estate;
  ws: PhaseWorkspace;
  config: Config;
}

const openDbs: StateDb[] = [];
afterEach(() => {
  for (const db of openDbs.splice(0)) db.close();
});

/** The estate in moto, exactly as its phase files describe it, and a default configuration. */
export async function healWorld(): Promise<HealWorld> {
  const clients = sdk();
  const estate = await createEstate(clients);
  const ws = writePhases(ESTATE_PHASES);
  const config = loadConfig({ env: {}, cwd: ws.cwd });
  return { sdk: clients, estate, ws, config };
}

export interface HealRig {
  clients: AwsClients;
  target: HealTarget;
  planner: HealPlanner;
  journal: HealJournal;
  lock: HealLock;
  db: StateDb;
}

/** Product clients (through `endpoint`, e.g. a fault proxy), a target, a planner and the state store. */
export async function healRig(
  world: HealWorld,
  options: { mode?: HealMode; endpoint?: string; only?: string[]; now?: () => Date } = {},
): Promise<HealRig> {
  const endpoint = options.endpoint ?? motoEndpoint();
  const clients = await productClients({ maxAttempts: 2 }, endpoint);
  const scalable = createScalableTargetsSource({ ...motoClientOptions(endpoint), region: MOTO_REGION }, clients.calls);
  const target = awsTarget(clients, scalable);
  const desired = loadDesired({ cwd: world.ws.cwd, phasesDir: world.ws.phasesDir, parameterOverrides: {}, source: { kind: 'aws' } });
  const planner = healPlanner({
    target,
    desired,
    config: world.config,
    mode: options.mode ?? 'attended',
    ...(options.only ? { only: options.only } : {}),
    now: options.now ?? (() => new Date()),
    verify: { retryDelaysMs: [] },
  });
  const state = openHealState(world.config, world.ws.cwd, false);
  openDbs.push(state.db);
  return { clients, target, planner, journal: state.journal, lock: state.lock, db: state.db };
}

/** Calls that change something in AWS, made through these clients, per operation. */
export function writeCalls(clients: AwsClients): Record<string, number> {
  const writes = new Set(mutatingActions());
  return Object.fromEntries(Object.entries(clients.calls.byOperation()).filter(([op]) => writes.has(op)));
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd: string;
  /** Answers typed on a terminal (stdin is a TTY only when given). */
  terminalInput?: string;
  /** Opens the target the command heals; default: the command's own (from --endpoint-url and the environment). */
  openTarget?: (source: LiveSource) => Promise<HealTarget>;
}

/** Runs `ialctl <argv>` in-process with `drift heal` registered, capturing output and the exit code. */
export async function runHealCli(argv: string[], options: CliRunOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const stdin = options.terminalInput === undefined ? Object.assign(new PassThrough(), { isTTY: false }) : Object.assign(new PassThrough(), { isTTY: true });
  if (options.terminalInput !== undefined) stdin.end(options.terminalInput);
  else stdin.end();
  const io = {
    stdout: Object.assign(new Writable({ write: (chunk, _enc, cb) => ((stdout += String(chunk)), cb()) }), { isTTY: false }),
    stderr: new Writable({ write: (chunk, _enc, cb) => ((stderr += String(chunk)), cb()) }),
    env: { LANG: 'en_US.UTF-8' },
    cwd: options.cwd,
    now: () => new Date(),
    stdin,
  };
  const program = buildBaseProgram(io, (c) => (code = c));
  const drift = program.commands.find((c) => c.name() === 'drift');
  if (!drift) throw new Error('the program has no drift command');
  // Once main.ts registers `drift heal` itself, replace it with one whose target this test controls.
  const existing = drift.commands.findIndex((c) => c.name() === 'heal');
  if (existing >= 0) (drift.commands as Command[]).splice(existing, 1);
  registerHeal({ program, drift, io, setExitCode: (c) => (code = c), globals }, options.openTarget ? { openTarget: options.openTarget } : {});
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    code = reportError(error, io.stderr, false);
  }
  return { code, stdout, stderr };
}

/** A target like the CLI's, through `endpoint`; `opened` collects its clients so a test can count their calls. */
export function targetOpener(endpoint: string, opened: AwsClients[]): (source: LiveSource) => Promise<HealTarget> {
  return async () => {
    const clients = await productClients({ maxAttempts: 2 }, endpoint);
    opened.push(clients);
    return awsTarget(clients, createScalableTargetsSource({ ...motoClientOptions(endpoint), region: MOTO_REGION }, clients.calls));
  };
}
