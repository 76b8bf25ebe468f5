/**
 * The OpenAPI document's `servers` entry names the server that served it: `serverUrlOf` derives
 * that base URL from where a request was addressed (API Gateway's domain or the Host header,
 * X-Forwarded-Proto, the stage or base path in front of the route), and `buildOpenApiDocument`
 * lists it alone. Without a server URL the document keeps its two default servers.
 */
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#http/openapi';
import { serverUrlOf } from '#http/request';

describe('serverUrlOf', () => {
  it('names the execute-api URL with its stage', () => {
    // Act
    const url = serverUrlOf({
      domainName: 'abcdef1234.execute-api.eu-west-1.amazonaws.com',
      host: 'abcdef1234.execute-api.eu-west-1.amazonaws.com',
      forwardedProto: 'https',
      requestPath: '/prod/openapi.json',
      routePath: '/openapi.json',
    });
    // Assess
    expect(url).toBe('https://abcdef1234.execute-api.eu-west-1.amazonaws.com/prod');
  });

  it('names a custom domain with its base path mapping, not the stage', () => {
    // Act
    const mapped = serverUrlOf({
      domainName: 'api.example.com',
      forwardedProto: 'https',
      requestPath: '/v1/openapi.json',
      routePath: '/openapi.json',
    });
    const atRoot = serverUrlOf({
      domainName: 'api.example.com',
      forwardedProto: 'https',
      requestPath: '/openapi.json',
      routePath: '/openapi.json',
    });
    // Assess
    expect(mapped).toBe('https://api.example.com/v1');
    expect(atRoot).toBe('https://api.example.com');
  });

  it('names the local server from its Host header, over plain http', () => {
    // Act
    const url = serverUrlOf({ host: 'localhost:3000', requestPath: '/openapi.json', routePath: '/openapi.json' });
    // Assess
    expect(url).toBe('http://localhost:3000');
  });

  it('prefers API Gateway domain name over the Host header and takes the first forwarded protocol', () => {
    // Act
    const url = serverUrlOf({
      domainName: 'api.example.com',
      host: 'other.example',
      forwardedProto: 'HTTPS, http',
      routePath: '/openapi.json',
    });
    // Assess
    expect(url).toBe('https://api.example.com');
  });

  it('refuses forged or malformed parts instead of echoing them', () => {
    // Act
    const results = [
      serverUrlOf({ host: 'evil.example/phish?', routePath: '/openapi.json' }),
      serverUrlOf({ host: 'a.example', forwardedProto: 'javascript', routePath: '/openapi.json' }),
      serverUrlOf({ host: 'a.example', requestPath: '/x y/openapi.json', routePath: '/openapi.json' }),
      serverUrlOf({ host: 'a.example', requestPath: '/elsewhere', routePath: '/openapi.json' }),
      serverUrlOf({ routePath: '/openapi.json' }),
    ];
    // Assess
    expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('buildOpenApiDocument servers', () => {
  it('lists only the server that served the document when told which', () => {
    // Act
    const document = buildOpenApiDocument({ serverUrl: 'https://api.example.com/v1' }) as { servers: { url: string }[] };
    // Assess
    expect(document.servers.map((s) => s.url)).toEqual(['https://api.example.com/v1']);
  });

  it('keeps the local default and the deployed pattern when not told', () => {
    // Act
    const document = buildOpenApiDocument() as { servers: { url: string }[] };
    // Assess
    expect(document.servers.map((s) => s.url)).toEqual([
      'http://localhost:3000',
      'https://{apiId}.execute-api.{region}.amazonaws.com/prod',
    ]);
  });
});
