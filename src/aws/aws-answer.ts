// Fails closed on HTTP replies that are not AWS answers. A proxy's login page, an empty 200 or a body
// for some other request would otherwise be parsed by the SDK as "no resources", and the check would
// report every declared resource as missing. The check runs on the raw response of every attempt,
// before the SDK deserializer, on every client `installAnswerCheck` is applied to.

/** Error code of a reply that is not a well-formed AWS answer for its operation. */
export const NOT_AN_AWS_ANSWER = 'NotAnAwsAnswer';

/** How a request was encoded, which tells what shape the answer must have. */
type WireProtocol = 'xml' | 'json' | 'cbor' | 'other';

export class NotAnAwsAnswerError extends Error {
  override readonly name = NOT_AN_AWS_ANSWER;
  readonly code = NOT_AN_AWS_ANSWER;
  /** Shaped like an SDK service error's, so retry and attempt counting treat it like one (never retried: a 200). */
  readonly $metadata: { httpStatusCode: number; attempts?: number };

  constructor(
    readonly service: string,
    readonly operation: string,
    readonly problem: string,
    status: number,
    contentType: string | undefined,
  ) {
    super(`the reply is not an AWS answer (HTTP ${status}${contentType ? `, ${contentType}` : ''}): ${problem}`);
    this.$metadata = { httpStatusCode: status };
  }
}

interface RawRequest {
  headers: Record<string, string>;
  body?: unknown;
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

/**
 * What is wrong with a 2xx reply to `operation`, or undefined when it is a well-formed AWS answer.
 * Error statuses are left to the SDK, whose error parsing already fails on anything unexpected.
 */
export function answerProblem(request: RawRequest, response: RawResponse, operation: string, body: string): string | undefined {
  const protocol = protocolOf(request);
  const trimmed = body.trim();
  if (trimmed === '') return protocol === 'xml' || protocol === 'json' ? 'the body is empty' : undefined;
  if (looksLikeHtml(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return `the body is an HTML page${title ? ` ("${clip(title, 60)}")` : ''}`;
  }
  if (protocol === 'xml') {
    const expected = `${queryAction(request) ?? operation}Response`;
    const root = rootElement(trimmed);
    if (root !== expected) return root ? `its root element is <${clip(root, 60)}>, not <${expected}>` : `it is not XML (expected <${expected}>)`;
    if (!trimmed.endsWith(`</${expected}>`)) return `it ends before </${expected}> (truncated)`;
  }
  if (protocol === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return 'the body is not JSON';
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return `its root is ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}, not a JSON object`;
    }
  }
  if (!hasRequestId(response.headers, protocol === 'xml' ? trimmed : undefined)) {
    return 'it carries no AWS request id (no x-amzn-RequestId header or RequestId element)';
  }
  return undefined;
}

interface DeserializeArgs {
  request?: unknown;
}
interface DeserializeResult {
  response?: unknown;
}
type DeserializeMiddleware = (
  next: (args: DeserializeArgs) => Promise<DeserializeResult>,
  context: { commandName?: string },
) => (args: DeserializeArgs) => Promise<DeserializeResult>;

/** Any SDK client's `middlewareStack` (structural, so no @smithy/types import). */
export interface MiddlewareStackWithAdd {
  add(...args: never[]): void;
}

/**
 * Adds the answer check to a client's middleware stack. Low priority on the deserialize step puts it
 * between the HTTP handler and the SDK deserializer: it sees the raw response of each attempt and
 * hands the deserializer the same bytes it read.
 */
export function installAnswerCheck(stack: MiddlewareStackWithAdd, service: string): void {
  const add = stack.add.bind(stack) as unknown as (
    middleware: DeserializeMiddleware,
    options: { step: 'deserialize'; name: string; priority: 'low' },
  ) => void;
  add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse | undefined;
      const request = args.request as RawRequest | undefined;
      if (!response || !request || response.statusCode < 200 || response.statusCode > 299) return result;
      const bytes = await readBody(response.body);
      response.body = bytes;
      const operation = (context.commandName ?? 'UnknownCommand').replace(/Command$/, '');
      const problem = answerProblem(request, response, operation, bytes.toString('utf8'));
      if (problem) {
        throw new NotAnAwsAnswerError(service, operation, problem, response.statusCode, header(response.headers, 'content-type'));
      }
      return result;
    },
    { step: 'deserialize', name: 'ialctlAwsAnswerCheck', priority: 'low' },
  );
}

function protocolOf(request: RawRequest): WireProtocol {
  if (header(request.headers, 'x-amz-target') !== undefined) return 'json';
  if (header(request.headers, 'smithy-protocol') === 'rpc-v2-cbor') return 'cbor';
  if (queryAction(request) !== undefined) return 'xml';
  return 'other';
}

/** awsQuery and ec2Query requests are forms naming the operation in `Action`. */
function queryAction(request: RawRequest): string | undefined {
  const type = header(request.headers, 'content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : '';
  return new URLSearchParams(body).get('Action') ?? undefined;
}

function looksLikeHtml(body: string): boolean {
  return /^(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html[\s>])/i.test(body);
}

/** The name of the document element, after any XML declaration, comments and doctype. */
function rootElement(body: string): string | undefined {
  const rest = body.replace(/^(\s*(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!doctype[^>]*>))*\s*/i, '');
  return /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1];
}

// AWS's own request id headers (x-amz-id-2 is S3's extended id). A gateway's x-gateway-request-id
// is not AWS: its `{}` would otherwise read as "no clusters".
const AWS_REQUEST_ID_HEADERS = new Set(['x-amzn-requestid', 'x-amz-request-id', 'x-amz-id-2']);

/** AWS names every answer: a request id header on all protocols, and a RequestId element in query XML. */
function hasRequestId(headers: Record<string, string | undefined>, xml: string | undefined): boolean {
  for (const [name, value] of Object.entries(headers)) {
    if (AWS_REQUEST_ID_HEADERS.has(name.toLowerCase()) && value) return true;
  }
  return xml !== undefined && /<(requestId|RequestId)>[^<\s][^<]*<\/\1>/.test(xml);
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

async function readBody(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
