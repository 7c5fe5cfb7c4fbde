// A fake SMS gateway for the end-to-end run, on 127.0.0.1 only: the shared
// linli-server posts its text messages here (`--sms webhook`). Each message's
// HMAC-SHA256 signature is checked with the secret in SECRET_FILE; tests read
// what came with GET /received (JSON: [{key, signed, body}]).
//
//   node fake-sms-gateway.mjs PORT SECRET_FILE
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

const [port, secretFile] = process.argv.slice(2);
const secret = fs.readFileSync(secretFile, 'utf8').trim();
const received = [];

function signed(header, body) {
  const given = /^sha256=([0-9a-f]{64})$/.exec(header ?? '');
  if (!given) return false;
  const want = crypto.createHmac('sha256', secret).update(body).digest();
  return crypto.timingSafeEqual(want, Buffer.from(given[1], 'hex'));
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/received') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(received));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/send') {
        res.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      let json = null;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        // Kept as null: the test sees a message that isn't JSON.
      }
      const ok = signed(req.headers['x-linli-signature'], body);
      received.push({ key: req.headers['idempotency-key'] ?? '', signed: ok, body: json });
      res.writeHead(ok ? 200 : 401).end();
    });
  })
  .listen(Number(port), '127.0.0.1');
