/** Where a webhook may point: https and public addresses only in AWS, checked on what DNS answers; http://127.0.0.1 locally. */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#core/errors';
import type { AddressResolver } from '#webhooks/ports';
import { checkWebhookUrl, embeddedIPv4, isPublicAddress } from '#webhooks/url-rules';

/** A resolver answering fixed records, as a DNS server would. */
const dns =
  (records: Record<string, string[]>): AddressResolver =>
  async (host) => {
    const answers = records[host];
    if (!answers) throw new Error(`ENOTFOUND ${host}`);
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(url: string, policy: 'public-https' | 'local-http', resolve: AddressResolver = dns({})): Promise<string> {
  try {
    await checkWebhookUrl(url, policy, resolve);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    expect(error.findings[0]?.path).toEqual(['url']);
    return error.findings[0]!.message;
  }
  throw new Error(`${url} was accepted`);
}

describe('addresses', () => {
  it.each([
    ['10.1.2.3'],
    ['172.16.0.1'],
    ['172.31.255.255'],
    ['192.168.1.1'],
    ['127.0.0.1'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['0.0.0.0'],
    ['224.0.0.1'],
    ['255.255.255.255'],
    ['::1'],
    ['::'],
    ['fe80::1'],
    ['fc00::1'],
    ['fd12:3456::1'],
    ['ff02::1'],
    ['::ffff:10.0.0.1'],
    ['::ffff:a9fe:a9fe'],
    ['64:ff9b::7f00:1'],
    ['2002:c0a8:0101::1'],
    ['2001:db8::1'],
    ['not-an-address'],
  ])('%s is not public', (address) => {
    // Act / Assess
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([['93.184.215.14'], ['8.8.8.8'], ['172.32.0.1'], ['2606:4700::1111'], ['::ffff:8.8.8.8'], ['2a00:1450:4001:80b::200e']])(
    '%s is public',
    (address) => {
      // Act / Assess
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('finds the IPv4 address an IPv6 address carries', () => {
    // Act / Assess
    expect(embeddedIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIPv4('2002:0a00:0001::')).toBe('10.0.0.1');
    expect(embeddedIPv4('2606:4700::1111')).toBeUndefined();
  });
});

describe('webhook URLs in AWS', () => {
  it('accepts https to a host whose every address is public, and connects to the checked one', async () => {
    // Prepare
    const resolve = dns({ 'hooks.example.com': ['93.184.215.14', '2606:4700::1111'] });

    // Act
    const target = await checkWebhookUrl('https://hooks.example.com/orders', 'public-https', resolve);

    // Assess
    expect(target).toMatchObject({ address: '93.184.215.14', family: 4 });
    expect(target.url.hostname).toBe('hooks.example.com');
  });

  it('refuses a name that resolves to a private address, even among public ones', async () => {
    // Prepare
    const resolve = dns({ 'rebind.example.com': ['93.184.215.14', '10.0.0.5'] });

    // Act
    const message = await refusal('https://rebind.example.com/x', 'public-https', resolve);

    // Assess
    expect(message).toContain('10.0.0.5');
  });

  it('refuses a name that resolves to IPv6 loopback or link-local', async () => {
    // Prepare
    const resolve = dns({ 'six.example.com': ['::1'], 'link.example.com': ['fe80::1234'] });

    // Act / Assess
    expect(await refusal('https://six.example.com/', 'public-https', resolve)).toContain('::1');
    expect(await refusal('https://link.example.com/', 'public-https', resolve)).toContain('fe80::1234');
  });

  it('refuses http, private literals, IPv6 literals, credentials and names that do not resolve', async () => {
    // Act / Assess
    expect(await refusal('http://hooks.example.com/', 'public-https')).toContain('https');
    expect(await refusal('https://169.254.169.254/latest', 'public-https')).toContain('169.254.169.254');
    expect(await refusal('https://[::1]:8443/', 'public-https')).toContain('::1');
    expect(await refusal('https://[fd00::1]/', 'public-https')).toContain('fd00::1');
    expect(await refusal('https://user:pw@hooks.example.com/', 'public-https')).toContain('credentials');
    expect(await refusal('https://nowhere.example.com/', 'public-https')).toContain('does not resolve');
  });

  it('refuses http://127.0.0.1 in AWS but allows it locally', async () => {
    // Act
    const local = await checkWebhookUrl('http://127.0.0.1:8080/hook', 'local-http', dns({}));

    // Assess
    expect(local.address).toBe('127.0.0.1');
    expect(await refusal('http://127.0.0.1:8080/hook', 'public-https')).toContain('https');
    expect(await refusal('http://localhost:8080/hook', 'local-http')).toContain('127.0.0.1');
  });
});
