// AWS benchmark: seed moto with N resources (~10% drifted), then measure `drift check` against it
// and against a baseline that makes the minimal paginated Describe calls sequentially with raw SDK
// clients (no mapping, no comparison). Each measured run is its own process, so its peak RSS is its
// own. The check's report is verified too: exactly one item per drifted resource.
//
// Standalone: `npx tsx bench/aws.ts [resources]`. Programmatic: `runAwsBench(opts)` + `formatAwsBench`.
import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DriftType } from '../src/drift/model.js';
import { ensureMotoBinary, REPO_ROOT, startMotoServer } from '../test/harness/moto-server.js';
import { applyDrift, phaseFiles, planFor, plannedResources, seed, seedClients, writePhaseFiles, type AppliedDrift } from './seed.js';

export interface AwsBenchOptions {
  /** Resources to seed, a multiple of 1000; default 1000. */
  resources?: number;
  /** Measured runs of each side (the median is reported); default 3, 1 from 10,000 resources. */
  repetitions?: number;
  /** Calls in flight while seeding; default 8. */
  seedConcurrency?: number;
  /** Use this moto_server (it is reset) instead of starting one. */
  endpoint?: string;
  /**
   * Also measure both sides through a proxy adding this many ms to every call (0 = skip). On
   * loopback moto answers in ~1 ms plus its own CPU time, which hides what concurrency is for:
   * real AWS API calls take tens of ms each. Default 25 (an in-region call).
   */
  latencyMs?: number;
  /** Progress lines (seeding, runs); default: none. */
  log?: (line: string) => void;
}

export interface RunFigures {
  /** Median wall time of the measured work (modules already loaded). */
  ms: number;
  /** Every run's wall time, in run order. */
  runsMs: number[];
  /** Logical AWS API calls. */
  calls: number;
  byOperation: Record<string, number>;
  /** Largest peak RSS over the runs (whole process: Node, SDK, data). */
  peakRssMb: number;
  /** Live records read (resources of every supported type, AWS defaults included). */
  records: number;
}

export interface Comparison {
  /** `moto` (loopback) or `moto + N ms/call`. */
  label: string;
  ours: RunFigures & { items: number; byType: Record<DriftType, number>; complete: boolean };
  baseline: RunFigures;
  ratios: { calls: number; wall: number };
  /** The report has exactly the applied drift: one item per drifted resource, by type, and is complete. */
  correct: boolean;
  /** When not correct: what differs, then a few reported items (at most 20 lines). */
  mismatch: string[];
}

export interface AwsBenchResult {
  resources: number;
  seedMs: number;
  drift: AppliedDrift;
  /**
   * Median time to load and validate the phase files alone, in a fresh process: the part of the
   * check's wall time that the baseline has no counterpart for (no AWS involved).
   */
  phaseLoadMs: number;
  /** Direct to moto first, then (when latencyMs > 0) through the latency proxy. */
  comparisons: Comparison[];
}

const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const SELF = fileURLToPath(import.meta.url);
// `npm run bench` runs the tsc-compiled copy (plain JS); `npx tsx bench/aws.ts` runs the source.
const WORKER_LOADER = SELF.endsWith('.ts') ? ['--import', TSX_LOADER] : [];
const REGION = 'us-east-1';

export async function runAwsBench(options: AwsBenchOptions = {}): Promise<AwsBenchResult> {
  const resources = options.resources ?? 1000;
  // A 10,000-resource run takes minutes against moto: once is enough to see the figures.
  const repetitions = options.repetitions ?? (resources >= 10_000 ? 1 : 3);
  const seedConcurrency = options.seedConcurrency ?? 8;
  const log = options.log ?? (() => {});
  const plan = planFor(resources);

  const server = options.endpoint ? undefined : await startMotoServer((await ensureMotoBinary(log)).path);
  const endpoint = options.endpoint ?? server!.endpoint;
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-bench-aws-'));
  try {
    const reset = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    await reset.arrayBuffer();
    const sdk = seedClients(endpoint);
    const seedStart = performance.now();
    let drift: AppliedDrift;
    try {
      log(`seeding ${plannedResources(plan)} resources into moto at ${endpoint}…`);
      const estate = await seed(sdk, plan, seedConcurrency);
      writePhaseFiles(path.join(cwd, 'phases'), phaseFiles(estate));
      drift = await applyDrift(sdk, estate, seedConcurrency);
    } finally {
      sdk.destroy();
    }
    const seedMs = performance.now() - seedStart;
    log(`seeded in ${(seedMs / 1000).toFixed(1)} s; ${drift.resources} resources drifted`);

    const phaseLoads: number[] = [];
    for (let r = 0; r < repetitions; r++) phaseLoads.push((await runWorker<{ ms: number }>('phases', endpoint, cwd)).ms);
    const comparisons = [await compare('moto', endpoint, cwd, repetitions, drift, log)];
    const latencyMs = options.latencyMs ?? 25;
    if (latencyMs > 0) {
      const proxy = await startLatencyProxy(endpoint, latencyMs);
      try {
        comparisons.push(await compare(`moto + ${latencyMs} ms/call`, proxy.endpoint, cwd, repetitions, drift, log));
      } finally {
        await proxy.close();
      }
    }
    return { resources: plannedResources(plan), seedMs, drift, phaseLoadMs: median(phaseLoads), comparisons };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    await server?.stop();
  }
}

async function compare(
  label: string,
  endpoint: string,
  cwd: string,
  repetitions: number,
  drift: AppliedDrift,
  log: (line: string) => void,
): Promise<Comparison> {
  const oursRuns: OursOutput[] = [];
  const baselineRuns: WorkerOutput[] = [];
  // Alternate the sides so that any change in moto's speed over time hits both equally.
  for (let r = 0; r < repetitions; r++) {
    baselineRuns.push(await runWorker<WorkerOutput>('baseline', endpoint, cwd));
    oursRuns.push(await runWorker<OursOutput>('ours', endpoint, cwd));
    log(`${label} run ${r + 1}/${repetitions}: baseline ${baselineRuns.at(-1)!.ms.toFixed(0)} ms, ours ${oursRuns.at(-1)!.ms.toFixed(0)} ms`);
  }
  const ours = { ...figures(oursRuns), items: oursRuns[0]!.items, byType: oursRuns[0]!.byType, complete: oursRuns[0]!.complete };
  const baseline = figures(baselineRuns);
  const mismatch = verify(oursRuns[0]!, drift);
  return {
    label,
    ours,
    baseline,
    ratios: { calls: ours.calls / baseline.calls, wall: ours.ms / baseline.ms },
    correct: mismatch.length === 0,
    mismatch,
  };
}

/** Forwards every request to `target` after `latencyMs`: a stand-in for the network distance to AWS. */
async function startLatencyProxy(target: string, latencyMs: number): Promise<{ endpoint: string; close(): Promise<void> }> {
  const targetUrl = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const upstream = request(
          { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on('error', (err) => {
          if (!res.headersSent) res.writeHead(502);
          res.end(`latency proxy: ${err.message}`);
        });
        upstream.end(Buffer.concat(chunks));
      }, latencyMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('latency proxy did not get a port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function verify(ours: OursOutput, drift: AppliedDrift): string[] {
  const problems: string[] = [];
  if (!ours.complete) problems.push(`check incomplete: ${ours.errors.join('; ')}`);
  for (const type of Object.keys(drift.byType) as DriftType[]) {
    if (ours.byType[type] !== drift.byType[type]) problems.push(`${type}: expected ${drift.byType[type]} items, got ${ours.byType[type]}`);
  }
  if (ours.drifted !== drift.resources) problems.push(`drifted resources: expected ${drift.resources}, got ${ours.drifted}`);
  if (problems.length > 0) problems.push(...ours.sample);
  return problems.slice(0, 20);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figures(runs: WorkerOutput[]): RunFigures {
  const first = runs[0]!;
  return {
    ms: median(runs.map((r) => r.ms)),
    runsMs: runs.map((r) => r.ms),
    calls: first.calls,
    byOperation: first.byOperation,
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    records: first.records,
  };
}

export function formatAwsBench(result: AwsBenchResult): string[] {
  const lines = [
    `aws: drift check against moto, ${result.resources} resources (${result.drift.resources} drifted), seeded in ${(result.seedMs / 1000).toFixed(1)} s`,
    `  phase files alone: ${result.phaseLoadMs.toFixed(0)} ms to load and validate (part of ours; the baseline reads only)`,
  ];
  for (const comparison of result.comparisons) lines.push(...formatComparison(comparison));
  const [first] = result.comparisons;
  if (first) {
    const { ours, baseline } = first;
    const ops = [...new Set([...Object.keys(ours.byOperation), ...Object.keys(baseline.byOperation)])].sort();
    lines.push(
      `  calls by operation (ours / baseline):`,
      ...ops.map((op) => `    ${op.padEnd(30)} ${String(ours.byOperation[op] ?? 0).padStart(6)} / ${String(baseline.byOperation[op] ?? 0).padStart(6)}`),
    );
  }
  return lines;
}

function formatComparison(comparison: Comparison): string[] {
  const { ours, baseline, ratios } = comparison;
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  return [
    `${`  ${comparison.label}:`.padEnd(22)}ours        baseline    ratio`,
    `  wall time (median)  ${pad(`${ours.ms.toFixed(0)} ms`)}  ${pad(`${baseline.ms.toFixed(0)} ms`)}  ${ratios.wall.toFixed(2)}x  (target ≤ 1.0x: ${ok(ratios.wall <= 1)})`,
    `  AWS API calls       ${pad(String(ours.calls))}  ${pad(String(baseline.calls))}  ${ratios.calls.toFixed(2)}x  (target ≤ 1.2x: ${ok(ratios.calls <= 1.2)})`,
    `  peak RSS            ${pad(`${ours.peakRssMb} MB`)}  ${pad(`${baseline.peakRssMb} MB`)}         (target < 300 MB: ${ok(ours.peakRssMb < 300)})`,
    `  records read        ${pad(String(ours.records))}  ${pad(String(baseline.records))}`,
    `  runs (ms)           ${ours.runsMs.map((m) => m.toFixed(0)).join(', ')}  |  baseline ${baseline.runsMs.map((m) => m.toFixed(0)).join(', ')}`,
    `  report              ${ours.items} items, complete=${ours.complete}: ${comparison.correct ? 'exactly the applied drift' : 'WRONG'}`,
    ...comparison.mismatch.map((m) => `    ${m}`),
  ];
}

const pad = (s: string) => s.padEnd(10);

// ───────────────────────── measured runs (child processes) ─────────────────────────

interface WorkerOutput {
  ms: number;
  calls: number;
  byOperation: Record<string, number>;
  peakRssMb: number;
  records: number;
}

interface OursOutput extends WorkerOutput {
  items: number;
  drifted: number;
  byType: Record<DriftType, number>;
  complete: boolean;
  errors: string[];
  /** A few items, for diagnosing a wrong report. */
  sample: string[];
}

type WorkerKind = 'ours' | 'baseline' | 'phases';

function runWorker<T>(kind: WorkerKind, endpoint: string, cwd: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...WORKER_LOADER, SELF, '--worker', kind, endpoint, cwd], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`bench worker ${kind} exited with ${code}:\n${stderr.slice(-4000)}`));
        return;
      }
      resolve(JSON.parse(stdout) as T);
    });
  });
}

function peakRssMb(): number {
  // maxRSS is in kilobytes: the process's high-water mark, including module loading.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function oursWorker(endpoint: string, cwd: string): Promise<OursOutput> {
  const { runCheck } = await import('../src/engine/check.js');
  const { loadConfig } = await import('../src/config/index.js');
  // Load what runCheck imports lazily, so the timing measures the check and not module loading.
  await import('../src/engine/aws-source.js');
  await import('../src/aws/readers/index.js');
  const config = loadConfig({ env: {}, cwd });
  let calls: import('../src/aws/clients.js').ApiCallCounter | undefined;
  const started = performance.now();
  const { report, live } = await runCheck({
    cwd,
    phasesDir: 'phases',
    parameterOverrides: {},
    config,
    source: {
      kind: 'aws',
      endpointUrl: endpoint,
      region: REGION,
      // moto answers a 2,000-record Describe page in ~20 s at 10,000 resources (AWS: well under 1 s);
      // the product's 30 s per-attempt timeout would then measure retries, not the check.
      requestTimeoutMs: 600_000,
      onClients: (c) => (calls = c.calls),
    },
    now: new Date(),
  });
  const ms = performance.now() - started;
  return {
    ms,
    calls: calls!.count(),
    byOperation: calls!.byOperation(),
    peakRssMb: peakRssMb(),
    records: live.resources.length,
    items: report.items.length,
    drifted: report.summary.drifted,
    byType: report.summary.byType,
    complete: report.complete,
    errors: report.errors.map((e) => `${e.service}: ${e.message}`),
    sample: report.items
      .slice(0, 10)
      .map((i) => `${i.type} ${i.resourceType} ${i.logicalId ?? i.physicalId}: ${i.differences.map((d) => `${d.path} ${d.kind}`).join(', ')}`),
  };
}

/**
 * What any tool needs to read the same live data, and nothing more: the paginated Describe/List calls
 * at their largest page sizes, one after the other, plus the per-resource calls AWS has no batch form
 * for (two DescribeVpcAttribute per VPC, ListTagsForResource per DB subnet group) and the account id.
 */
async function baselineWorker(endpoint: string): Promise<WorkerOutput> {
  const ec2sdk = await import('@aws-sdk/client-ec2');
  const ecssdk = await import('@aws-sdk/client-ecs');
  const rdssdk = await import('@aws-sdk/client-rds');
  const stssdk = await import('@aws-sdk/client-sts');
  const config = { endpoint, region: REGION };
  const ec2 = new ec2sdk.EC2Client(config);
  const ecs = new ecssdk.ECSClient(config);
  const rds = new rdssdk.RDSClient(config);
  const sts = new stssdk.STSClient(config);
  const byOperation: Record<string, number> = {};
  const count = (op: string) => (byOperation[op] = (byOperation[op] ?? 0) + 1);
  const records: unknown[] = [];
  const keep = (items: readonly unknown[] | undefined) => {
    for (const item of items ?? []) records.push(item);
  };
  const other: unknown[] = [];

  const started = performance.now();
  count('sts:GetCallerIdentity');
  other.push(await sts.send(new stssdk.GetCallerIdentityCommand({})));

  const vpcs: import('@aws-sdk/client-ec2').Vpc[] = [];
  let token: string | undefined;
  do {
    count('ec2:DescribeVpcs');
    const page = await ec2.send(new ec2sdk.DescribeVpcsCommand({ MaxResults: 1000, NextToken: token }));
    vpcs.push(...(page.Vpcs ?? []));
    token = page.NextToken;
  } while (token);
  keep(vpcs);
  for (const vpc of vpcs) {
    for (const Attribute of ['enableDnsSupport', 'enableDnsHostnames'] as const) {
      count('ec2:DescribeVpcAttribute');
      other.push(await ec2.send(new ec2sdk.DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute })));
    }
  }
  do {
    count('ec2:DescribeSubnets');
    const page = await ec2.send(new ec2sdk.DescribeSubnetsCommand({ MaxResults: 1000, NextToken: token }));
    keep(page.Subnets);
    token = page.NextToken;
  } while (token);
  do {
    count('ec2:DescribeSecurityGroups');
    const page = await ec2.send(new ec2sdk.DescribeSecurityGroupsCommand({ MaxResults: 1000, NextToken: token }));
    keep(page.SecurityGroups);
    token = page.NextToken;
  } while (token);
  do {
    count('ec2:DescribeInstances');
    const page = await ec2.send(
      new ec2sdk.DescribeInstancesCommand({
        MaxResults: 1000,
        NextToken: token,
        Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }],
      }),
    );
    keep(page.Reservations?.flatMap((r) => r.Instances ?? []));
    token = page.NextToken;
  } while (token);

  const clusterArns: string[] = [];
  do {
    count('ecs:ListClusters');
    const page = await ecs.send(new ecssdk.ListClustersCommand({ maxResults: 100, nextToken: token }));
    clusterArns.push(...(page.clusterArns ?? []));
    token = page.nextToken;
  } while (token);
  for (let i = 0; i < clusterArns.length; i += 100) {
    count('ecs:DescribeClusters');
    const out = await ecs.send(
      new ecssdk.DescribeClustersCommand({ clusters: clusterArns.slice(i, i + 100), include: ['SETTINGS', 'TAGS', 'CONFIGURATIONS'] }),
    );
    keep(out.clusters);
  }
  for (const cluster of clusterArns) {
    const serviceArns: string[] = [];
    do {
      count('ecs:ListServices');
      const page = await ecs.send(new ecssdk.ListServicesCommand({ cluster, maxResults: 100, nextToken: token }));
      serviceArns.push(...(page.serviceArns ?? []));
      token = page.nextToken;
    } while (token);
    for (let i = 0; i < serviceArns.length; i += 10) {
      count('ecs:DescribeServices');
      const out = await ecs.send(new ecssdk.DescribeServicesCommand({ cluster, services: serviceArns.slice(i, i + 10), include: ['TAGS'] }));
      keep(out.services);
    }
  }

  do {
    count('rds:DescribeDBInstances');
    const page = await rds.send(new rdssdk.DescribeDBInstancesCommand({ MaxRecords: 100, Marker: token }));
    keep(page.DBInstances);
    token = page.Marker;
  } while (token);
  do {
    count('rds:DescribeDBClusters');
    const page = await rds.send(new rdssdk.DescribeDBClustersCommand({ MaxRecords: 100, Marker: token }));
    keep(page.DBClusters);
    token = page.Marker;
  } while (token);
  const groups: import('@aws-sdk/client-rds').DBSubnetGroup[] = [];
  do {
    count('rds:DescribeDBSubnetGroups');
    const page = await rds.send(new rdssdk.DescribeDBSubnetGroupsCommand({ MaxRecords: 100, Marker: token }));
    groups.push(...(page.DBSubnetGroups ?? []));
    token = page.Marker;
  } while (token);
  keep(groups);
  for (const group of groups) {
    count('rds:ListTagsForResource');
    other.push(await rds.send(new rdssdk.ListTagsForResourceCommand({ ResourceName: group.DBSubnetGroupArn })));
  }
  const ms = performance.now() - started;
  for (const client of [ec2, ecs, rds, sts]) client.destroy();

  const calls = Object.values(byOperation).reduce((a, b) => a + b, 0);
  const sorted = Object.fromEntries(Object.entries(byOperation).sort(([a], [b]) => a.localeCompare(b)));
  return { ms, calls, byOperation: sorted, peakRssMb: peakRssMb(), records: records.length };
}

async function phasesWorker(cwd: string): Promise<{ ms: number }> {
  const { loadDesired } = await import('../src/engine/check.js');
  const started = performance.now();
  loadDesired({ cwd, phasesDir: 'phases', source: { kind: 'aws' }, parameterOverrides: {} });
  return { ms: performance.now() - started };
}

async function workerMain(kind: WorkerKind, endpoint: string, cwd: string): Promise<void> {
  const output =
    kind === 'ours' ? await oursWorker(endpoint, cwd) : kind === 'baseline' ? await baselineWorker(endpoint) : await phasesWorker(cwd);
  process.stdout.write(JSON.stringify(output));
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const [flag, kind, endpoint, cwd] = process.argv.slice(2);
  if (flag === '--worker' && (kind === 'ours' || kind === 'baseline' || kind === 'phases') && endpoint && cwd) {
    await workerMain(kind, endpoint, cwd);
  } else {
    const resources = Number(flag ?? 1000);
    const result = await runAwsBench({ resources, log: (line) => console.error(line) });
    console.log(formatAwsBench(result).join('\n'));
    if (result.comparisons.some((c) => !c.correct)) process.exitCode = 1;
  }
}
