// The client of bench:ingest, in a process of its own so that the service's RSS is the
// service's alone (an in-process client queued the whole file in its request stream: ~20 MB of
// a 200,000-row upload counted against the service). Streams `file` as a multipart upload of
// `wave` and prints the answer's status, JSON body and seconds (request sent → answer read) on one line.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

const [address, key, file, wave] = process.argv.slice(2);
const boundary = 'carelogicbench';
async function* body() {
  yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="wave"\r\n\r\n${wave}\r\n`);
  yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="needs.csv"\r\n\r\n`);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk;
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}
const t0 = performance.now();
const res = await fetch(`${address}/v1/surveys/needs/uploads`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  body: Readable.toWeb(Readable.from(body())),
  duplex: 'half',
});
const json = await res.json();
console.log(JSON.stringify({ status: res.status, body: json, seconds: (performance.now() - t0) / 1000 }));
