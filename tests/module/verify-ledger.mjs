// An implementation of DESIGN §4 that shares no code with CreatorLedger, to check that what the module writes is
// what the contract says: Node's JSON (RFC 8785 is defined on ECMAScript's JSON serialisation) and Node's Ed25519.
// Usage: node verify-ledger.mjs ledger.jsonl   → prints "ok <n> events" and exits 0, or "line <k>: <why>" and exits 1.
import { readFileSync } from 'node:fs';
import { createHash, createPublicKey, verify } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function base58(text) {
  let n = 0n;
  for (const c of text) {
    const digit = ALPHABET.indexOf(c);
    if (digit < 0) throw new Error(`bad base58 character ${c}`);
    n = n * 58n + BigInt(digit);
  }
  const bytes = [];
  while (n > 0n) { bytes.unshift(Number(n % 256n)); n /= 256n; }
  for (const c of text) { if (c !== '1') break; bytes.unshift(0); }
  return Buffer.from(bytes);
}

function publicKey(did) {
  if (typeof did !== 'string' || !did.startsWith('did:key:z')) throw new Error(`not a did:key: ${did}`);
  const raw = base58(did.slice('did:key:z'.length));
  if (raw.length !== 34 || raw[0] !== 0xed || raw[1] !== 0x01) throw new Error(`not an Ed25519 did:key: ${did}`);
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(2)]);
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

function canonical(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`non-integer number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

// DESIGN §4: a WorkRegistered with `works` lists 1 to 1,000 distinct works, each with the single form's fields;
// a bad entry refuses the whole event. (The single form keeps its first, lenient reading.)
const DIGEST = /^sha256:[0-9a-f]{64}$/;
function listProblem(data) {
  if ('work' in data) return 'both "work" and "works"';
  const works = data.works;
  if (!Array.isArray(works)) return '"works" is not a list';
  if (works.length === 0 || works.length > 1000) return `"works" lists ${works.length} works, not 1 to 1000`;
  const seen = new Map();
  for (const [i, w] of works.entries()) {
    if (w === null || typeof w !== 'object' || Array.isArray(w)) return `works[${i}] is not an object`;
    if (typeof w.work !== 'string' || !DIGEST.test(w.work)) return `works[${i}]: bad digest`;
    if (typeof w.title !== 'string' || typeof w.mediaType !== 'string') return `works[${i}]: title and mediaType must be strings`;
    if (!Number.isSafeInteger(w.bytes) || w.bytes < 0) return `works[${i}]: bytes must be a non-negative integer`;
    for (const k of ['uri', 'iscc']) if (w[k] != null && typeof w[k] !== 'string') return `works[${i}]: ${k} must be a string`;
    if (seen.has(w.work)) return `works[${i}] repeats works[${seen.get(w.work)}]`;
    seen.set(w.work, i);
  }
  return null;
}

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(l => l.length > 0);
const streams = new Map();
lines.forEach((line, index) => {
  const fail = why => { console.log(`line ${index + 1}: ${why}`); process.exit(1); };
  let e;
  try { e = JSON.parse(line); } catch (error) { fail(`not JSON: ${error.message}`); }
  const { sig, ...unsigned } = e;
  let signed;
  try { signed = Buffer.from(`CreatorLedger/v1\n${canonical(unsigned)}`, 'utf8'); } catch (error) { fail(error.message); }
  const id = createHash('sha256').update(signed).digest('hex');
  if (e.v !== 1 || !TIME.test(e.at) || !Number.isSafeInteger(e.seq)) fail('bad envelope fields');
  let key;
  try { key = publicKey(e.key); } catch (error) { fail(error.message); }
  if (!verify(null, signed, key, Buffer.from(sig, 'base64url'))) fail('bad signature');
  const head = streams.get(e.stream);
  if (!head) {
    if (e.seq !== 1 || e.prev !== null || e.type !== 'IdentityCreated' || e.key !== e.stream) fail('bad genesis');
    streams.set(e.stream, { seq: 1, id, at: e.at, key: e.stream, recovery: e.data.recoveryKey });
    return;
  }
  if (e.seq !== head.seq + 1) fail(`seq ${e.seq} does not follow ${head.seq}`);
  if (e.prev !== head.id) fail('prev is not the previous id');
  if (e.at < head.at) fail('time runs backwards');
  const byRecovery = e.type === 'KeyCompromised' && e.key === head.recovery;
  if (e.key !== head.key && !byRecovery) fail('signed by a key that is not the current one');
  if (e.type === 'WorkRegistered' && e.data !== null && typeof e.data === 'object' && 'works' in e.data) {
    const why = listProblem(e.data);
    if (why) fail(why);
  }
  if (e.type === 'KeyRotated') head.key = e.data.next;
  if (e.type === 'KeyCompromised') head.key = e.key;
  Object.assign(head, { seq: e.seq, id, at: e.at });
});
console.log(`ok ${lines.length} events`);
