/**
 * Runs the curl commands of a README section through app.inject, in order — the subset of curl
 * and shell the walkthrough uses: -X, -H, -d, --data-binary @file, -F name=value / name=@file, -s,
 * "$VAR" expansion, and `VAR=$(curl … | jq -r .field)` to keep a field of the answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { multipart } from './multipart.js';

export interface CurlRun {
  command: string;
  method: string;
  url: string;
  status: number;
  body: string;
}

/** The shell commands of the first ```sh block after `heading`, continuation lines joined. */
export function sectionCommands(readme: string, heading: string): string[] {
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README has no section ${heading}`);
  const rest = readme.slice(start + heading.length);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s+#(?=[^'"]*$).*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Splits a command into words, honouring quotes and expanding $VAR outside single quotes. */
function words(command: string, vars: Record<string, string>): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const j = command.indexOf("'", i + 1);
      cur = (cur ?? '') + command.slice(i + 1, j);
      i = j;
    } else if (c === '"') {
      const j = command.indexOf('"', i + 1);
      cur = (cur ?? '') + command.slice(i + 1, j).replace(/\$(\w+)/g, (_, v) => vars[v] ?? '');
      i = j;
    } else if (c === '$') {
      const m = /^\$(\w+)/.exec(command.slice(i))!;
      cur = (cur ?? '') + (vars[m[1]] ?? '');
      i += m[0].length - 1;
    } else if (/\s/.test(c)) {
      if (cur !== null) out.push(cur);
      cur = null;
    } else cur = (cur ?? '') + c;
  }
  if (cur !== null) out.push(cur);
  return out;
}

async function curl(app: FastifyInstance, args: string[], dir: string, command: string): Promise<CurlRun> {
  let method: string | undefined;
  let url = '';
  const headers: Record<string, string> = {};
  let payload: string | Buffer | undefined;
  const fields: Record<string, string> = {};
  let file: { buf: Buffer; name: string } | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '-s') continue;
    else if (a === '-X') method = args[++i];
    else if (a === '-H') {
      const [k, ...v] = args[++i].split(':');
      headers[k.trim().toLowerCase()] = v.join(':').trim();
    } else if (a === '-d') payload = args[++i];
    else if (a === '--data-binary') payload = readFileSync(join(dir, args[++i].replace(/^@/, '')));
    else if (a === '-F') {
      const [k, ...v] = args[++i].split('=');
      const value = v.join('=');
      if (value.startsWith('@')) file = { buf: readFileSync(join(dir, value.slice(1))), name: value.slice(1) };
      else fields[k] = value;
    } else if (a.startsWith('-')) throw new Error(`curl option ${a} is not supported by the walkthrough runner`);
    else url = a.replace(/^(https?:\/\/)?localhost:\d+/, '');
  }
  if (file) {
    const body = multipart(file.buf, fields, file.name);
    payload = body.payload;
    Object.assign(headers, body.headers);
  }
  const m = (method ?? (payload !== undefined ? 'POST' : 'GET')) as 'GET';
  const res = await app.inject({ method: m, url, headers, payload });
  return { command, method: m, url, status: res.statusCode, body: res.body };
}

/** Runs every command in order; returns each answer. Stops at the first answer ≥ 400. */
export async function runCommands(app: FastifyInstance, commands: string[], dir: string, vars: Record<string, string>) {
  const runs: CurlRun[] = [];
  for (const command of commands) {
    const assign = /^(\w+)=\$\((.*)\|\s*jq -r \.(\w+)\)$/.exec(command);
    const w = words(assign ? assign[2] : command, vars);
    if (w[0] !== 'curl') throw new Error(`Not a curl command: ${command}`);
    const run = await curl(app, w, dir, command);
    runs.push(run);
    if (run.status >= 400) throw new Error(`${command}\n→ ${run.status} ${run.body}`);
    if (assign) vars[assign[1]] = JSON.parse(run.body)[assign[3]];
  }
  return runs;
}
