import { describe, expect, it } from 'vitest';
import { answerProblem } from './aws-answer.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const queryRequest = (action: string) => ({ headers: FORM, body: `Action=${action}&Version=2016-11-15` });
const jsonRequest = { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' }, body: '{}' };
const withId = { statusCode: 200, headers: { 'x-amzn-requestid': 'abc-123' } };
const withoutId = { statusCode: 200, headers: {} };

describe('answerProblem', () => {
  it('accepts a query answer with an XML declaration, its own root element and a request id', () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcsResponse xmlns="x"><vpcSet/><requestId>r-1</requestId></DescribeVpcsResponse>\n';

    expect(answerProblem(queryRequest('DescribeVpcs'), withoutId, 'DescribeVpcs', body)).toBeUndefined();
  });

  it('names the root element the operation expects, from the request form', () => {
    const body = '<DescribeSubnetsResponse><requestId>r</requestId></DescribeSubnetsResponse>';

    expect(answerProblem(queryRequest('DescribeVpcs'), withId, 'DescribeVpcs', body)).toBe(
      'its root element is <DescribeSubnetsResponse>, not <DescribeVpcsResponse>',
    );
  });

  it('rejects an XML answer cut off before its closing root tag', () => {
    const body = '<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId></item>';

    expect(answerProblem(queryRequest('DescribeVpcs'), withId, 'DescribeVpcs', body)).toBe(
      'it ends before </DescribeVpcsResponse> (truncated)',
    );
  });

  it('rejects a body that is not XML at all for a query operation', () => {
    expect(answerProblem(queryRequest('DescribeVpcs'), withId, 'DescribeVpcs', 'OK')).toBe('it is not XML (expected <DescribeVpcsResponse>)');
  });

  it('rejects an HTML page without a title, even when it claims to be XML', () => {
    expect(answerProblem(queryRequest('DescribeVpcs'), withId, 'DescribeVpcs', '<?xml version="1.0"?><html><body>x</body></html>')).toBe(
      'the body is an HTML page',
    );
  });

  it('accepts a JSON object with a request id header, and rejects it without one', () => {
    expect(answerProblem(jsonRequest, withId, 'ListClusters', '{"clusterArns":[]}')).toBeUndefined();
    expect(answerProblem(jsonRequest, withoutId, 'ListClusters', '{"clusterArns":[]}')).toBe(
      'it carries no AWS request id (no x-amzn-RequestId header or RequestId element)',
    );
  });

  it('rejects JSON that does not parse, and roots that are not objects', () => {
    expect(answerProblem(jsonRequest, withId, 'ListClusters', '{"clusterArns":[')).toBe('the body is not JSON');
    expect(answerProblem(jsonRequest, withId, 'ListClusters', 'null')).toBe('its root is null, not a JSON object');
    expect(answerProblem(jsonRequest, withId, 'ListClusters', '"ok"')).toBe('its root is a string, not a JSON object');
  });

  it('does not require a body from protocols it cannot shape-check, only a request id', () => {
    const rest = { headers: { 'content-type': 'application/json' }, body: '{}' };

    expect(answerProblem(rest, withId, 'GetThing', '')).toBeUndefined();
    expect(answerProblem(rest, withoutId, 'GetThing', '{"a":1}')).toBe(
      'it carries no AWS request id (no x-amzn-RequestId header or RequestId element)',
    );
  });
});
