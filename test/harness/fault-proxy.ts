// A loopback HTTP proxy in front of moto that injects AWS failures (throttling, 5xx, access denied,
// slow responses) for chosen operations, answering in each service's own wire protocol so the real
// SDK parses and retries them exactly as it would against AWS. It also plays what sits between a
// client and AWS when things go wrong: a proxy's HTML login page, empty or foreign 200s, answers
// without a request id, and listings whose page token repeats, cycles or never ends.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

export type FaultService = 'ec2' | 'ecs' | 'rds' | 'sts' | 'application-autoscaling' | 'cloudformation';
export type FaultKind =
  | 'throttle'
  | 'server-error'
  | 'access-denied'
  | 'slow'
  /** 200 with a proxy's HTML sign-in page (text/html, no request id). */
  | 'html-200'
  /** 200 with the protocol's content type and a request id, and an empty body. */
  | 'empty-200'
  /** 200 with a request id and a well-formed body of the wrong shape (another root element; a JSON array). */
  | 'wrong-root'
  /** 200 with a request id and a well-formed answer that holds nothing (`{}`; an empty <OperationResponse>). */
  | 'empty-answer'
  /** 200 `{}` (or an empty answer element) from a gateway: its own `x-gateway-request-id`, no AWS request id. */
  | 'gateway-empty'
  /** moto's real answer with its request id header and element removed. */
  | 'no-request-id'
  /** moto's real answer, handing out the same page token every time (A, A, A…). */
  | 'repeat-token'
  /** moto's real answer, with page tokens cycling A→B→A… */
  | 'cycle-tokens'
  /** moto's real answer, with a fresh page token every time (a listing that never ends). */
  | 'endless-tokens';

type ErrorKind = 'throttle' | 'server-error' | 'access-denied';
type TokenKind = 'repeat-token' | 'cycle-tokens' | 'endless-tokens';


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

/** A request that AWS (moto) receives and applies, whose answer never reaches the client. */
export interface LostResponseRule {
  service: FaultService;
  operation: string;
  /** Let this many matching requests through untouched first; default 0. */
  skip?: number;
  /** How many answers to lose; default: all of them (the SDK's retries too). */
  times?: number;
}

export interface FaultProxy {
  endpoint: string;
  /** Replaces the active rules (and their remaining counts) and zeroes the request counters. */
  setRules(rules: FaultRule[]): void;
  /** Requests seen (faulted or not) for `service:Operation`. */
  requests(operation: string): number;
  /** Requests answered with an injected fault for `service:Operation`. */
  faults(operation: string): number;
  /** Lost answers (see the block below); replaced on each call, cleared by `setRules` too. */
  setLostResponses(rules: LostResponseRule[]): void;
  close(): Promise<void>;
}

interface ActiveRule extends FaultRule {
  toSkip: number;
  remaining: number;
}

type Protocol = 'ec2' | 'query' | 'json';
const PROTOCOL: Record<FaultService, Protocol> = { ec2: 'ec2', rds: 'query', sts: 'query', ecs: 'json', 'application-autoscaling': 'json', cloudformation: 'query' };
const QUERY_NAMESPACE: Record<string, string> = {
  rds: 'http://rds.amazonaws.com/doc/2014-10-31/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
};

/** The error code and HTTP status each service uses for each fault. */
const ERRORS: Record<ErrorKind, Record<FaultService, { status: number; code: string; message: string }>> = {
  throttle: {
    ec2: { status: 400, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' },
    rds: { status: 400, code: 'Throttling', message: 'Rate exceeded' },
    sts: { status: 400, code: 'Throttling', message: 'Rate exceeded' },
    ecs: { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
    'application-autoscaling': { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
    cloudformation: { status: 400, code: 'Throttling', message: 'Rate exceeded' },
  },
  'server-error': {
    ec2: { status: 500, code: 'InternalError', message: 'An internal error has occurred' },
    rds: { status: 500, code: 'InternalFailure', message: 'An internal error has occurred' },
    sts: { status: 500, code: 'InternalFailure', message: 'An internal error has occurred' },
    ecs: { status: 500, code: 'ServerException', message: 'An internal error has occurred' },
    'application-autoscaling': { status: 500, code: 'InternalServiceException', message: 'An internal error has occurred' },
    cloudformation: { status: 500, code: 'InternalFailure', message: 'An internal error has occurred' },
  },
  'access-denied': {
    ec2: { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
    rds: { status: 403, code: 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/test is not authorized' },
    sts: { status: 403, code: 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/test is not authorized' },
    ecs: { status: 400, code: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/test is not authorized' },
    'application-autoscaling': {
      status: 400,
      code: 'AccessDeniedException',
      message: 'User: arn:aws:iam::123456789012:user/test is not authorized',
    },
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
      if (loseResponse(service, operation)) {
        bump(faulted, key);
        forwardThenDrop(req, body);
        return;
      }
      const rule = rules.find((r) => r.service === service && r.operation === operation && r.remaining > 0);
      if (rule && rule.toSkip > 0) {
        rule.toSkip--;
      } else if (rule) {
        rule.remaining--;
        bump(faulted, key);
        switch (rule.kind) {
          case 'slow':
            setTimeout(() => forward(req, body, res), rule.delayMs ?? 1000);
            return;
          case 'html-200':
          case 'empty-200':
          case 'wrong-root':
          case 'empty-answer':
          case 'gateway-empty':
            respondWithNonAnswer(res, rule.service, operation ?? '', rule.kind);
            return;
          case 'no-request-id':
            forward(req, body, res, (answer) => withoutRequestId(answer));
            return;
          case 'repeat-token':
          case 'cycle-tokens':
          case 'endless-tokens': {
            const kind = rule.kind;
            const { body: stripped, token } = withoutInputToken(body, rule.service);
            forward(req, stripped, res, (answer) => withOutputToken(answer, rule.service, operation ?? '', nextToken(kind, token)));
            return;
          }
          default:
            respondWithError(res, rule.service, rule.kind);
            return;
        }
      }
      forward(req, body, res);
    });
  });

  /** Passes the request to moto; `rewrite`, when given, edits moto's whole answer before it is sent on. */
  function forward(req: IncomingMessage, body: Buffer, res: ServerResponse, rewrite?: (answer: Answer) => Answer): void {
    // The client may have given up (timeout) while we delayed; then there is nobody to answer.
    if (res.destroyed || req.socket.destroyed) return;
    const upstream = request(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: targetUrl.host, 'content-length': String(body.length) },
      },
      (up) => {
        if (!rewrite) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const answer = rewrite({ status: up.statusCode ?? 502, headers: { ...up.headers }, body: Buffer.concat(chunks).toString('utf8') });
          const bytes = Buffer.from(answer.body, 'utf8');
          res.writeHead(answer.status, { ...answer.headers, 'content-length': String(bytes.length) });
          res.end(bytes);
        });
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: upstream error ${err.message}`);
    });
    upstream.end(body);
  }

  // --- Lost answers: the request reaches moto and is applied, then the connection is reset before the
  // client sees the response (a proxy or NAT dropping it). The SDK gets ECONNRESET / "socket hang up".
  let lost: Array<LostResponseRule & { toSkip: number; remaining: number }> = [];
  function loseResponse(service: FaultService | undefined, operation: string | undefined): boolean {
    const rule = lost.find((r) => r.service === service && r.operation === operation && r.remaining > 0);
    if (!rule) return false;
    if (rule.toSkip > 0) {
      rule.toSkip--;
      return false;
    }
    rule.remaining--;
    return true;
  }
  function forwardThenDrop(req: IncomingMessage, body: Buffer): void {
    const upstream = request(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
      (up) => {
        up.resume();
        up.on('end', () => req.socket.destroy());
      },
    );
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  }
  // --- end of lost answers

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('fault proxy did not get a port');

  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    setLostResponses(next) {
      lost = next.map((r) => ({ ...r, toSkip: r.skip ?? 0, remaining: r.times ?? Number.POSITIVE_INFINITY }));
    },
    setRules(next) {
      lost = [];
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
  return service === 'ec2' || service === 'ecs' || service === 'rds' || service === 'sts' || service === 'application-autoscaling' || service === 'cloudformation'
    ? service
    : undefined;
}

/** JSON protocols name the operation in X-Amz-Target; query protocols in the `Action` form field. */
function operationOf(req: IncomingMessage, body: Buffer): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  return new URLSearchParams(body.toString('utf8')).get('Action') ?? undefined;
}

function respondWithError(res: ServerResponse, service: FaultService, kind: ErrorKind): void {
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

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Corporate proxy - sign in</title></head>' +
  '<body><form method="post" action="/login"><input name="user"><input name="password" type="password"></form></body></html>';

function respondWithNonAnswer(
  res: ServerResponse,
  service: FaultService,
  operation: string,
  kind: 'html-200' | 'empty-200' | 'wrong-root' | 'empty-answer' | 'gateway-empty',
): void {
  const json = PROTOCOL[service] === 'json';
  const id = `fault-${Math.random().toString(16).slice(2, 10)}`;
  const requestId = { 'x-amzn-requestid': id };
  const contentType = json ? 'application/x-amz-json-1.1' : 'text/xml';
  switch (kind) {
    case 'html-200':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(LOGIN_PAGE);
      return;
    case 'empty-200':
      res.writeHead(200, { 'content-type': contentType, ...requestId });
      res.end();
      return;
    case 'wrong-root':
      res.writeHead(200, { 'content-type': contentType, ...requestId });
      res.end(json ? '["ok"]' : '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Status>ok</Status></Response>');
      return;
    case 'gateway-empty':
      res.writeHead(200, { 'content-type': contentType, 'x-gateway-request-id': id });
      res.end(json ? '{}' : `<${operation}Response></${operation}Response>`);
      return;
    case 'empty-answer':
      res.writeHead(200, { 'content-type': contentType, ...requestId });
      if (PROTOCOL[service] === 'json') res.end('{}');
      else if (PROTOCOL[service] === 'ec2') res.end(`<${operation}Response><requestId>${id}</requestId></${operation}Response>`);
      else {
        res.end(
          `<${operation}Response xmlns="${QUERY_NAMESPACE[service]}"><${operation}Result/>` +
            `<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${operation}Response>`,
        );
      }
      return;
  }
}

/** Drops every request id: the header (any `x-…-request-id`) and the `requestId`/`RequestId` element. */
function withoutRequestId(answer: Answer): Answer {
  const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !/^x-[\w-]+-request-?id$/i.test(name)));
  const body = answer.body.replace(/<(requestId|RequestId)>[^<]*<\/\1>/g, '');
  return { ...answer, headers, body };
}

/** Page token names: the request parameter and the answer's element or member. */
const PAGING: Record<FaultService, { request: string; answer: string }> = {
  ec2: { request: 'NextToken', answer: 'nextToken' },
  rds: { request: 'Marker', answer: 'Marker' },
  ecs: { request: 'nextToken', answer: 'nextToken' },
  sts: { request: 'NextToken', answer: 'NextToken' },
  'application-autoscaling': { request: 'NextToken', answer: 'NextToken' },
  cloudformation: { request: 'NextToken', answer: 'NextToken' },
};

/**
 * moto would reject the proxy's made-up tokens, so the request goes on without one (moto answers
 * the first page again); the token the client sent decides which one the proxy hands out next.
 */
function withoutInputToken(body: Buffer, service: FaultService): { body: Buffer; token: string | undefined } {
  const name = PAGING[service].request;
  if (PROTOCOL[service] === 'json') {
    const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    const token = typeof input[name] === 'string' ? input[name] : undefined;
    delete input[name];
    return { body: Buffer.from(JSON.stringify(input), 'utf8'), token };
  }
  const form = new URLSearchParams(body.toString('utf8'));
  const token = form.get(name) ?? undefined;
  form.delete(name);
  return { body: Buffer.from(form.toString(), 'utf8'), token };
}

function nextToken(kind: TokenKind, sent: string | undefined): string {
  switch (kind) {
    case 'repeat-token':
      return 'fault-token-A';
    case 'cycle-tokens':
      return sent === 'fault-token-A' ? 'fault-token-B' : 'fault-token-A';
    case 'endless-tokens': {
      const n = Number(/^fault-token-(\d+)$/.exec(sent ?? '')?.[1] ?? 0);
      return `fault-token-${n + 1}`;
    }
  }
}

function withOutputToken(answer: Answer, service: FaultService, operation: string, token: string): Answer {
  if (answer.status !== 200) return answer;
  const name = PAGING[service].answer;
  if (PROTOCOL[service] === 'json') {
    const output = JSON.parse(answer.body || '{}') as Record<string, unknown>;
    return { ...answer, body: JSON.stringify({ ...output, [name]: token }) };
  }
  // EC2 puts the token in the answer's root element; the query protocol in the <Operation>Result element.
  const closing = PROTOCOL[service] === 'ec2' ? `</${operation}Response>` : `</${operation}Result>`;
  const element = new RegExp(`<${name}>[^<]*</${name}>|<${name}/>`, 'g');
  const body = answer.body.replace(element, '').replace(closing, `<${name}>${token}</${name}>${closing}`);
  return { ...answer, body };
}
