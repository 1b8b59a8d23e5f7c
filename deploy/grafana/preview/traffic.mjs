// Drives a little real traffic through IdentityServer and CommerceApi (demo realm, Development) so that every
// panel has something to draw: code-flow sign-ins (alice; bob with his authenticator code), wrong passwords,
// a credential-stuffing run over unknown accounts, client-credentials grants, bad client secrets, revocations
// and API calls. Addresses come from the documentation ranges through X-Forwarded-For (Development trusts loopback).
// Usage: node traffic.mjs <identity base URL> <commerce base URL> <round number>
import { createHash, createHmac, randomBytes } from 'node:crypto';

const [identity, commerce, round = '0'] = process.argv.slice(2);
const web = { id: 'channel-web', secret: 'channel-web-dev-secret', redirect: 'http://localhost:5400/signin-oidc' };
const partner = { id: 'partner-erp', secret: 'partner-erp-dev-secret' };
const base64url = (bytes) => Buffer.from(bytes).toString('base64url');
const basic = (id, secret) => 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

function totp(base32Secret, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Secret) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30000)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** A cookie-keeping client that follows redirects on IdentityServer and stops at the client's redirect URI. */
function browser(address) {
  const cookies = new Map();
  async function request(url, init = {}) {
    for (let hops = 0; hops < 10; hops++) {
      const headers = { ...init.headers, 'X-Forwarded-For': address, Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
      const response = await fetch(url, { ...init, headers, redirect: 'manual' });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      const location = response.headers.get('location');
      if (!location) return { url, status: response.status, html: await response.text() };
      url = new URL(location, url).toString();
      if (!url.startsWith(identity)) return { url, status: response.status, html: '' };
      init = {};
    }
    throw new Error('too many redirects');
  }
  return request;
}

const decode = (text) => text.replace(/&(amp|quot|lt|gt|#x[0-9a-f]+|#\d+);/gi, (_, entity) =>
  ({ amp: '&', quot: '"', lt: '<', gt: '>' })[entity] ?? String.fromCodePoint(Number(entity.replace('#x', '0x').replace('#', ''))));

/** Posts the page's form that holds the field <first>, as a browser would: its hidden fields, its action. */
async function submit(request, page, fields) {
  const first = Object.keys(fields)[0];
  const html = page.html.split('<form').find((chunk) => chunk.includes(`name="${first}"`)) ?? '';
  const body = new URLSearchParams();
  for (const [input] of html.matchAll(/<input[^>]*>/g)) {
    const attributes = Object.fromEntries([...input.matchAll(/([\w.-]+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (attributes.type === 'hidden' && attributes.name) body.set(attributes.name, decode(attributes.value ?? ''));
  }
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  const target = decode(html.match(/^[^>]*action="([^"]*)"/)?.[1] ?? '');
  return request(new URL(target, page.url).toString(), { method: 'POST', body });
}

async function signIn(email, password, address, totpSecret) {
  const request = browser(address);
  const verifier = base64url(randomBytes(32));
  const authorize = new URL('/connect/authorize', identity);
  authorize.search = new URLSearchParams({
    client_id: web.id, response_type: 'code', scope: 'openid products:read', redirect_uri: web.redirect,
    state: base64url(randomBytes(16)), nonce: base64url(randomBytes(16)),
    code_challenge: base64url(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  }).toString();
  let page = await request(authorize.toString());
  page = await submit(request, page, { 'Input.Email': email, 'Input.Password': password });
  if (totpSecret && new URL(page.url).pathname.toLowerCase() === '/account/mfa') {
    page = await submit(request, page, { Code: totp(totpSecret) });
  }
  const code = page.url.startsWith(web.redirect) ? new URL(page.url).searchParams.get('code') : null;
  if (!code) return null;
  const tokens = await post('/connect/token', web, { grant_type: 'authorization_code', code, redirect_uri: web.redirect, code_verifier: verifier });
  return tokens.access_token ?? null;
}

async function post(path, client, fields) {
  const response = await fetch(new URL(path, identity), {
    method: 'POST', body: new URLSearchParams(fields), headers: { Authorization: basic(client.id, client.secret) },
  });
  return response.headers.get('content-type')?.includes('json') ? response.json() : {};
}

const n = Number(round);
const alice = await signIn('alice@example.com', 'Alice#2026dev', '192.0.2.10');
// A used authenticator code is refused until the next 30-second step: bob signs in every other round.
if (n % 2 === 0) await signIn('bob@example.com', 'Bob#2026dev', '192.0.2.11', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
await signIn('carol@example.com', 'wrong-password', '203.0.113.20');
await signIn('carol@example.com', 'wrong-password', '203.0.113.20');
for (let i = 0; i < 10; i++) {
  await signIn(`nobody${(n * 10 + i) % 40}@example.com`, 'Summer2026!', '198.51.100.7');
}

for (let i = 0; i < 5; i++) {
  const granted = await post('/connect/token', partner, { grant_type: 'client_credentials', scope: 'products:read' });
  if (i === 0 && granted.access_token) {
    await fetch(new URL('/api/categories', commerce), { headers: { Authorization: `Bearer ${granted.access_token}` } });
    await post('/connect/revoke', partner, { token: granted.access_token, token_type_hint: 'access_token' });
  }
}
await post('/connect/token', { ...partner, secret: 'not-the-secret' }, { grant_type: 'client_credentials', scope: 'products:read' });
if (alice) await fetch(new URL('/api/categories', commerce), { headers: { Authorization: `Bearer ${alice}` } });
console.log(`round ${n}: alice ${alice ? 'signed in' : 'refused'}`);
