// EventStoreDB's own Node.js client (@kurrent/kurrentdb-client) against CreatorLedger's test server of the protocol
// subset: if the official client reads and writes through it, the server the client's tests run against speaks the
// protocol as EventStoreDB does. Usage: node check.cjs <port>. Prints one line per check; exits 1 on any failure.
const K = require('@kurrent/kurrentdb-client');
const { KurrentDBClient, binaryEvent, NO_STREAM, START, FORWARDS, streamNameFilter } = K;

const port = Number(process.argv[2]);
const stream = 'creatorledger-did:key:zOfficialClient';
const payloads = [Buffer.from([1, 2, 3]), Buffer.from('hello'), Buffer.from([0, 255, 128, 7])];
const ids = [];
let failures = 0;

async function check(name, fn) {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 15 s')), 15000))]);
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e?.constructor?.name}: ${e?.message}`);
  }
}

function expect(condition, what) {
  if (!condition) throw new Error(what);
}

function note(data) {
  const e = binaryEvent({ type: 'Note', data });
  ids.push(e.id);
  return e;
}

function sameEvent(e, i) {
  expect(e.streamId === stream, `event ${i}: stream ${e.streamId}`);
  expect(e.id === ids[i], `event ${i}: id ${e.id}`);
  expect(e.revision === BigInt(i), `event ${i}: revision ${e.revision}`);
  expect(e.type === 'Note' && !e.isJson, `event ${i}: type ${e.type}, json ${e.isJson}`);
  expect(Buffer.from(e.data).equals(payloads[i]), `event ${i}: data differs`);
  const age = Date.now() - e.created.getTime();
  expect(age >= -60000 && age < 600000, `event ${i}: created ${e.created.toISOString()}`);
}

(async () => {
  // The deprecation warning for esdb:// is the client's; CreatorLedger users write esdb://, so that is what is checked.
  const client = KurrentDBClient.connectionString(`esdb://127.0.0.1:${port}?tls=false`);
  await check('append to a new stream (no_stream)', async () => {
    const result = await client.appendToStream(stream, payloads.map(note), { streamState: NO_STREAM });
    expect(result.success && result.nextExpectedRevision === 2n, `next revision ${result.nextExpectedRevision}`);
  });
  payloads.push(Buffer.from('fourth'));
  await check('append at an exact revision', async () => {
    const result = await client.appendToStream(stream, note(payloads[3]), { streamState: 2n });
    expect(result.nextExpectedRevision === 3n, `next revision ${result.nextExpectedRevision}`);
  });
  await check('a wrong expected revision is WrongExpectedVersionError with the actual revision', async () => {
    try {
      await client.appendToStream(stream, binaryEvent({ type: 'Note', data: Buffer.from('x') }), { streamState: 1n });
    } catch (e) {
      expect(e instanceof K.WrongExpectedVersionError, `${e?.constructor?.name}: ${e?.message}`);
      expect(e.actualState === 3n, `actual ${e.actualState}`);
      return;
    }
    throw new Error('the append was accepted');
  });
  await check('read the stream forwards', async () => {
    const events = [];
    for await (const resolved of client.readStream(stream, { fromRevision: START, direction: FORWARDS })) events.push(resolved.event);
    expect(events.length === 4, `${events.length} events`);
    events.forEach(sameEvent);
  });
  await check('a missing stream is StreamNotFoundError', async () => {
    try {
      for await (const _ of client.readStream('creatorledger-missing')) { /* nothing */ }
    } catch (e) {
      expect(e instanceof K.StreamNotFoundError, `${e?.constructor?.name}: ${e?.message}`);
      return;
    }
    throw new Error('no error');
  });
  let positions = [];
  await check('read $all filtered by stream prefix: ours only, positions increasing', async () => {
    const events = [];
    for await (const resolved of client.readAll({ fromPosition: START, direction: FORWARDS, filter: streamNameFilter({ prefixes: ['creatorledger-'] }) })) events.push(resolved.event);
    expect(events.length === 4, `${events.length} events`);
    events.forEach(sameEvent);
    positions = events.map((e) => e.position.commit);
    positions.forEach((p, i) => expect(i === 0 || p > positions[i - 1], `position ${p} after ${positions[i - 1]}`));
  });
  await check('subscribe to $all filtered: stored events, then a live one', async () => {
    const subscription = client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: ['creatorledger-'] }) });
    const events = subscription[Symbol.asyncIterator]();
    try {
      for (let i = 0; i < 4; i++) {
        const { value, done } = await events.next();
        expect(!done, `ended after ${i}`);
        sameEvent(value.event, i);
        expect(value.event.position.commit === positions[i], `position ${value.event.position.commit}`);
      }
      payloads.push(Buffer.from('live'));
      await client.appendToStream(stream, note(payloads[4]), { streamState: 3n });
      const { value, done } = await events.next();
      expect(!done, 'ended before the live event');
      sameEvent(value.event, 4);
    } finally {
      await subscription.unsubscribe();
    }
  });
  await client.dispose();
  console.log(failures === 0 ? 'ALL OK' : `${failures} FAILED`);
  process.exit(failures === 0 ? 0 : 1);
})().catch((e) => {
  console.log(`FAIL ${e?.constructor?.name}: ${e?.message}`);
  process.exit(1);
});
