// A loopback HTTP proxy in front of moto that injects AWS failures (throttling, 5xx, access denied,
// slow responses) for chosen operations, answering in each service's own wire protocol so the real
// SDK parses and retries them exactly as it would against AWS.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

export type FaultService = 'ec2' | 'ecs' | 'rds' | 'sts' | 'cloudformation';
export type FaultKind = 'throttle' | 'server-error' | 'access-denied' | 'slow';

export interface FaultRule {
  service: FaultService;
  /** API operation name, e.g. `DescribeVpcs`. */
  operation: string;
  kind: FaultKind;
  /** Let this many matching requests through untouched before faulting; default 0. */
  skip?: number;
  /** How many matching requests to fault before passing through again; default: all of them. */
  times?: number;
  /** For `slow`: delay before the request is forwarded. */
  delayMs?: number;
}

export interface FaultProxy {
  endpoint: string;
  /** Replaces the active rules (and their remaining counts) and zeroes the request counters. */
  setRules(rules: FaultRule[]): void;
  /** Requests seen (faulted or not) for `service:Operation`. */
  requests(operation: string): number;
  /** Requests answered with an injected fault for `service:Operation`. */
  faults(operation: string): number;
  close(): Promise<void>;
}

interface ActiveRule extends FaultRule {
  toSkip: number;
  remaining: number;
}

type Protocol = 'ec2' | 'query' | 'json';
const PROTOCOL: Record<FaultService, Protocol> = { ec2: 'ec2', rds: 'query', sts: 'query', ecs: 'json', cloudformation: 'query' };
const QUERY_NAMESPACE: Record<string, string> = {
  rds: 'http://rds.amazonaws.com/doc/2014-10-31/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
};

/** The error code and HTTP status each service uses for each fault. */
const ERRORS: Record<Exclude<FaultKind, 'slow'>, Record<FaultService, { status: number; code: string; message: string }>> = {
  throttle: {
    ec2: { status: 400, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' },
    rds: { status: 400, code: 'Throttling', message: 'Rate exceeded' },
    sts: { status: 400, code: 'Throttling', message: 'Rate exceeded' },
    ecs: { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
    cloudformation: { status: 400, code: 'Throttling', message: 'Rate exceeded' },
  },
  'server-error': {
    ec2: { status: 500, code: 'InternalError', message: 'An internal error has occurred' },
    rds: { status: 500, code: 'InternalFailure', message: 'An internal error has occurred' },
    sts: { status: 500, code: 'InternalFailure', message: 'An internal error has occurred' },
    ecs: { status: 500, code: 'ServerException', message: 'An internal error has occurred' },
    cloudformation: { status: 500, code: 'InternalFailure', message: 'An internal error has occurred' },
  },
  'access-denied': {
    ec2: { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
    rds: { status: 403, code: 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/test is not authorized' },
    sts: { status: 403, code: 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/test is not authorized' },
    ecs: { status: 400, code: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/test is not authorized' },
    cloudformation: { status: 403, code: 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/test is not authorized' },
  },
};

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  let rules: ActiveRule[] = [];
  const seen = new Map<string, number>();
  const faulted = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const service = serviceOf(req);
      const operation = service ? operationOf(req, body) : undefined;
      const key = `${service ?? '?'}:${operation ?? '?'}`;
      bump(seen, key);
      const rule = rules.find((r) => r.service === service && r.operation === operation && r.remaining > 0);
      if (rule && rule.toSkip > 0) {
        rule.toSkip--;
      } else if (rule) {
        rule.remaining--;
        bump(faulted, key);
        if (rule.kind === 'slow') {
          setTimeout(() => forward(req, body, res), rule.delayMs ?? 1000);
          return;
        }
        respondWithError(res, rule.service, rule.kind);
        return;
      }
      forward(req, body, res);
    });
  });

  function forward(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    // The client may have given up (timeout) while we delayed; then there is nobody to answer.
    if (res.destroyed || req.socket.destroyed) return;
    const upstream = request(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: targetUrl.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: upstream error ${err.message}`);
    });
    upstream.end(body);
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('fault proxy did not get a port');

  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    setRules(next) {
      rules = next.map((r) => ({ ...r, toSkip: r.skip ?? 0, remaining: r.times ?? Number.POSITIVE_INFINITY }));
      seen.clear();
      faulted.clear();
    },
    requests: (operation) => seen.get(operation) ?? 0,
    faults: (operation) => faulted.get(operation) ?? 0,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The signing scope names the service: `Credential=AKID/20240101/us-east-1/ecs/aws4_request`. */
function serviceOf(req: IncomingMessage): FaultService | undefined {
  const match = /Credential=[^/]+\/[^/]+\/[^/]+\/([a-z0-9-]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  const service = match?.[1];
  return service === 'ec2' || service === 'ecs' || service === 'rds' || service === 'sts' || service === 'cloudformation' ? service : undefined;
}

/** JSON protocols name the operation in X-Amz-Target; query protocols in the `Action` form field. */
function operationOf(req: IncomingMessage, body: Buffer): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  return new URLSearchParams(body.toString('utf8')).get('Action') ?? undefined;
}

function respondWithError(res: ServerResponse, service: FaultService, kind: Exclude<FaultKind, 'slow'>): void {
  const { status, code, message } = ERRORS[kind][service];
  const requestId = `fault-${Math.random().toString(16).slice(2, 10)}`;
  switch (PROTOCOL[service]) {
    case 'json':
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
      res.end(JSON.stringify({ __type: code, message }));
      return;
    case 'ec2':
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      );
      return;
    case 'query':
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse xmlns="${QUERY_NAMESPACE[service]}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return;
  }
}
