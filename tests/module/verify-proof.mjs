// An implementation of C2SP signed-note, tlog-checkpoint, tlog-cosignature/v1 and tlog-proof, and of RFC 9162 §2.1.3.2
// inclusion verification, that shares no code with CreatorLedger (Node's crypto only), to check what Get-LedgerProof and
// Submit-LedgerCheckpoint write. Usage:
//   node verify-proof.mjs [--event=<id hex>] <file.tlog-proof> <log vkey> [<witness vkey> ...]
// The leaf is the event id (--event, or the proof's extra data): leaf hash SHA-256(0x00 || id). Prints "ok index <i> size <n>
// cosigned-by <names>" and exits 0, or the reason and exits 1. Every witness vkey given must have cosigned.
import { readFileSync } from 'node:fs';
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
const fail = why => { console.log(why); process.exit(1); };

function parseVkey(text) {
  // name "+" key id hex "+" base64 key (which may itself hold '+').
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text ?? '');
  if (!m) fail(`not a vkey: ${text}`);
  const [, name, idHex, keyB64] = m;
  const key = Buffer.from(keyB64, 'base64');
  if (key.length !== 33 || (key[0] !== 0x01 && key[0] !== 0x04)) fail(`not an Ed25519 or cosignature/v1 vkey: ${text}`);
  const id = sha256(Buffer.from(name, 'utf8'), Buffer.from([0x0a]), key).subarray(0, 4);
  if (id.toString('hex') !== idHex) fail(`the key id of ${text} is not SHA-256(name || 0x0A || key)[:4]`);
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.subarray(1)]);
  return { name, id, type: key[0], key: createPublicKey({ key: spki, format: 'der', type: 'spki' }) };
}

const args = process.argv.slice(2);
const eventArg = args.find(a => a.startsWith('--event='));
const [file, logText, ...witnessTexts] = args.filter(a => a !== eventArg);
const log = parseVkey(logText);
const witnesses = witnessTexts.map(parseVkey);
const text = readFileSync(file, 'utf8');
const split = text.indexOf('\n\n');
const head = text.slice(0, split).split('\n');
const note = text.slice(split + 2);
if (head[0] !== 'c2sp.org/tlog-proof@v1') fail('not a c2sp.org/tlog-proof@v1 file');
let line = 1, extra = null;
if (head[line].startsWith('extra ')) extra = Buffer.from(head[line++].slice(6), 'base64');
const indexMatch = /^index (0|[1-9][0-9]*)$/.exec(head[line++] ?? '');
if (!indexMatch) fail('no index line');
const index = BigInt(indexMatch[1]);
const proof = head.slice(line).map(h => Buffer.from(h, 'base64'));
if (proof.some(h => h.length !== 32)) fail('a proof hash is not 32 bytes');
if (eventArg) {
  const given = Buffer.from(eventArg.slice(8), 'hex');
  if (extra && !extra.equals(given)) fail('the proof is of another event');
  extra = given;
}
if (!extra || extra.length !== 32) fail('no 32-byte event id (extra line or --event)');

// signed-note: the text up to the last blank line, then signature lines "— <name> <base64>".
const sigStart = note.lastIndexOf('\n\n');
const body = note.slice(0, sigStart + 1);
const signatures = note.slice(sigStart + 2).split('\n').filter(l => l.length > 0).map(l => {
  const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(l);
  if (!m) fail(`not a signature line: ${l}`);
  const bytes = Buffer.from(m[2], 'base64');
  return { name: m[1], id: bytes.subarray(0, 4), rest: bytes.subarray(4) };
});
const [origin, sizeText, rootB64] = body.split('\n');
if (!/^(0|[1-9][0-9]*)$/.test(sizeText ?? '')) fail('the checkpoint has no size line');
const size = BigInt(sizeText);
const root = Buffer.from(rootB64, 'base64');
if (origin !== log.name) fail(`the log key is named ${log.name}, the checkpoint's origin is ${origin}`);

const mine = s => k => s.name === k.name && s.id.equals(k.id);
const logSig = signatures.find(s => mine(s)(log));
if (!logSig || !verify(null, Buffer.from(body, 'utf8'), log.key, logSig.rest)) fail('the log signature does not verify');
const cosigned = [];
for (const w of witnesses) {
  const s = signatures.find(x => mine(x)(w));
  if (!s || s.rest.length !== 72) fail(`no cosignature by ${w.name}`);
  const time = s.rest.readBigUInt64BE(0);
  const message = Buffer.from(`cosignature/v1\ntime ${time}\n${body}`, 'utf8');
  if (!verify(null, message, w.key, s.rest.subarray(8))) fail(`the cosignature by ${w.name} does not verify`);
  cosigned.push(w.name);
}

// RFC 9162 §2.1.3.2
if (index >= size) fail('the index is not inside the tree');
let fn = index, sn = size - 1n, r = sha256(Buffer.from([0]), extra);
for (const p of proof) {
  if (sn === 0n) fail('the proof is too long');
  if ((fn & 1n) === 1n || fn === sn) {
    r = sha256(Buffer.from([1]), p, r);
    if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
  } else {
    r = sha256(Buffer.from([1]), r, p);
  }
  fn >>= 1n; sn >>= 1n;
}
if (sn !== 0n || !r.equals(root)) fail('the inclusion proof does not give the signed root');
console.log(`ok index ${index} size ${size} cosigned-by ${cosigned.join(',')}`);
