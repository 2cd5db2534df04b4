// startFolio runs the real Folio binary (FOLIO_BIN) on 127.0.0.1 with a throwaway data dir, for
// tests that talk to it only through the official PocketBase JS SDK.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import PocketBase from 'pocketbase';
import { EventSource } from 'eventsource';

import { startMailbox } from './mail.mjs';
import { randomSecret } from './users.mjs';

// Node 20 has no EventSource; the SDK's realtime client needs one.
globalThis.EventSource ??= EventSource;

const HEALTH_TIMEOUT_MS = 60_000; // a cold start on a loaded 2-core box runs every migration
const STOP_TIMEOUT_MS = 15_000;

// Every server still running, so a crashed or interrupted test run does not leave one behind.
const running = new Set();

function killAll() {
  for (const s of running) {
    try { s.child.kill('SIGKILL'); } catch { /* already gone */ }
    try { rmSync(s.dir, { recursive: true, force: true }); } catch { /* best effort */ }
  }
  running.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => { killAll(); process.exit(130); });
}

/** freePort asks the kernel for an unused port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function folioBin() {
  const bin = process.env.FOLIO_BIN;
  if (!bin) throw new Error('FOLIO_BIN is not set: run the suite through `make e2e`, or set it to the built ./folio');
  return path.resolve(bin);
}

/**
 * startFolio starts Folio and waits for /api/health.
 *
 * options.env    extra environment (FOLIO_RATE_LIMITS is "off" unless given here)
 * options.args   extra serve flags, after the defaults
 * options.mail   false to skip the SMTP sink (default: on, configured through the settings API)
 *
 * Returns { url, pb(), admin(), mailbox, adminEmail, stop(), logs() }.
 */
export async function startFolio({ env = {}, args = [], mail = true } = {}) {
  const bin = folioBin();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'folio-e2e-'));
  const adminEmail = `admin-${randomSecret(4)}@example.com`;
  const adminPassword = `admin-${randomSecret(12)}-passphrase`;

  let server;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    server = spawnServer(bin, dir, port, args, {
      FOLIO_RATE_LIMITS: 'off',
      ...env,
      FOLIO_ADMIN_EMAIL: adminEmail,
      FOLIO_ADMIN_PASSWORD: adminPassword,
    });
    try {
      await waitHealthy(server);
      break;
    } catch (err) {
      await server.kill();
      // Another process may have taken the port between freePort and bind: try another.
      if (attempt < 3 && /address already in use/i.test(server.output())) continue;
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  const clients = [];
  const pb = () => {
    const c = new PocketBase(server.url);
    c.autoCancellation(false); // tests send concurrent identical requests on purpose
    clients.push(c);
    return c;
  };
  const admin = async () => {
    const c = pb();
    await c.collection('_superusers').authWithPassword(adminEmail, adminPassword);
    return c;
  };

  let mailbox = null;
  try {
    if (mail) {
      mailbox = await startMailbox();
      const a = await admin();
      await a.settings.update({
        meta: { appURL: server.url, senderName: 'Folio', senderAddress: 'folio@example.com' },
        smtp: { enabled: true, host: '127.0.0.1', port: mailbox.port, tls: false, username: '', password: '' },
      });
    }
  } catch (err) {
    await server.kill();
    if (mailbox) await mailbox.close();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`configuring mail on the test server failed: ${err.message}\n${server.output()}`);
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const c of clients) {
      // Removing every subscription closes the EventSource, so no reconnect timer keeps Node alive.
      try { await c.realtime.unsubscribe(); } catch { /* the server may already be gone */ }
    }
    await server.kill();
    if (mailbox) await mailbox.close();
    await rm(dir, { recursive: true, force: true });
  };

  return { url: server.url, dir, adminEmail, pb, admin, mailbox, stop, logs: server.output };
}

function spawnServer(bin, dir, port, args, env) {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['serve', `--http=127.0.0.1:${port}`, `--dir=${dir}`, '--dev=false', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const entry = { child, dir };
  running.add(entry);
  exited.then(() => running.delete(entry));

  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  return { url, child, exited, kill, output: () => out };
}

async function waitHealthy(server) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let exit = null;
  server.exited.then((e) => { exit = e; });
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(`folio exited (${exit.code ?? exit.signal}) before it was healthy:\n${server.output()}`);
    }
    try {
      const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`folio was not healthy within ${HEALTH_TIMEOUT_MS} ms:\n${server.output()}`);
}
