// Stack discovery benchmark: CloudFormation API calls a check makes to bind phase files to stacks,
// by discovery (logical ids + types) and with every file naming its stack (Metadata.IAL.Stack), on an
// account of N stacks of which the phase tree declares some. Counts calls, not time.
//
// Standalone: `npx tsx bench/stacks.ts [stacks] [declared]`.
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { createAwsClients } from '../src/aws/clients.js';
import { loadConfig } from '../src/config/index.js';
import { bindToStacks } from '../src/engine/stacks.js';
import { loadPhases } from '../src/drift/phases.js';
import { ensureMotoBinary, startMotoServer } from '../test/harness/moto-server.js';

export interface StackBenchResult {
  stacks: number;
  declared: number;
  discovery: Record<string, number>;
  named: Record<string, number>;
  /** DescribeStacks + ListExports + one ListStackResources and one GetTemplate per declared stack. */
  minimal: number;
}

const template = (i: number, named: boolean): string => [
  ...(named ? ['Metadata:', `  IAL: { Stack: bench-${i} }`] : []),
  'Resources:',
  `  Vpc${i}:`,
  '    Type: AWS::EC2::VPC',
  '    Properties:',
  `      CidrBlock: 10.${i}.0.0/16`,
  '',
].join('\n');

export async function runStackBench(stacks = 50, declared = 10): Promise<StackBenchResult> {
  const binary = await ensureMotoBinary(() => {});
  const moto = await startMotoServer(binary.path);
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const cf = new CloudFormationClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  try {
    for (let i = 1; i <= stacks; i++) await cf.send(new CreateStackCommand({ StackName: `bench-${i}`, TemplateBody: template(i, false) }));
    const count = async (named: boolean): Promise<Record<string, number>> => {
      const sources = Array.from({ length: declared }, (_, k) => ({ file: `phases/${String(k).padStart(2, '0')}-net/01-vpc.yaml`, phase: `${String(k).padStart(2, '0')}-net`, text: template(k + 1, named) }));
      const loaded = loadPhases(sources, { deferMissingParameters: true });
      const clients = await createAwsClients({ endpointUrl: moto.endpoint, region: 'us-east-1', credentials });
      try {
        const config = loadConfig({ env: {}, cwd: tmpdir() });
        const state = await bindToStacks(loaded, clients, { stacks: { ...config.stacks, discover: !named } }, {});
        const mapped = state.resources.filter((r) => r.stack).length;
        if (mapped !== declared) throw new Error(`expected ${declared} files bound to stacks, got ${mapped}`);
        return clients.calls.byOperation();
      } finally {
        clients.destroy();
      }
    };
    return { stacks, declared, discovery: await count(false), named: await count(true), minimal: 2 + 2 * declared };
  } finally {
    cf.destroy();
    await moto.stop();
  }
}

const total = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

export function formatStackBench(r: StackBenchResult): string[] {
  return [
    `stacks: bind ${r.declared} phase files to their stacks in an account of ${r.stacks} stacks (CloudFormation calls)`,
    `  discovery          ${total(r.discovery)} calls   ${JSON.stringify(r.discovery)}`,
    `  Metadata.IAL.Stack ${total(r.named)} calls   ${JSON.stringify(r.named)}`,
    `  minimal            ${r.minimal} calls   (DescribeStacks + ListExports + ListStackResources and GetTemplate per declared stack)`,
    `  ratio              discovery/minimal ${(total(r.discovery) / r.minimal).toFixed(2)}, named/minimal ${(total(r.named) / r.minimal).toFixed(2)}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runStackBench(Number(process.argv[2] ?? 50), Number(process.argv[3] ?? 10));
  console.log(formatStackBench(result).join('\n'));
}

